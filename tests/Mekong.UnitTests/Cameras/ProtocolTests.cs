using System.Xml.Linq;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.ImportExport;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Protocols;
using Mekong.Modules.Cameras.Simulator;
using SkiaSharp;

namespace Mekong.UnitTests.Cameras;

public sealed class ProtocolTests
{
    [Fact]
    public void Digest_answers_a_challenge_the_server_accepts_and_a_wrong_password_is_refused()
    {
        var challenge = "realm=\"cam\", nonce=\"abc123\"";

        var good = HttpDigest.Authorization(challenge, "admin", "pw", "DESCRIBE", "rtsp://h/cam/1/main");
        var bad = HttpDigest.Authorization(challenge, "admin", "other", "DESCRIBE", "rtsp://h/cam/1/main");

        Assert.True(HttpDigest.Verify(good, "DESCRIBE", "cam", "abc123", "admin", "pw", allowDigest: true));
        Assert.False(HttpDigest.Verify(bad, "DESCRIBE", "cam", "abc123", "admin", "pw", allowDigest: true));
        Assert.False(HttpDigest.Verify(good, "DESCRIBE", "cam", "abc123", "admin", "pw", allowDigest: false));
        Assert.True(HttpDigest.Verify(HttpDigest.Basic("admin", "pw"), "DESCRIBE", "cam", "abc123", "admin", "pw", allowDigest: false));
    }

    [Fact]
    public void Rfc2617_example_digest()
    {
        // RFC 2617 §3.5: Mufasa / Circle Of Life, qop=auth.
        var response = HttpDigest.Response("Mufasa", "testrealm@host.com", "Circle Of Life", "GET", "/dir/index.html",
            "dcd98b7102dd2f0e8b11d0f600bfb0c093", "auth", "00000001", "0a4f113b");

        Assert.Equal("6629fae49393a05397450978507c4ef1", response);
    }

    [Fact]
    public void A_ws_username_token_with_the_right_password_digest_is_accepted()
    {
        var request = XDocument.Parse(OnvifSoap.Request(OnvifSoap.GetDeviceInformation(), "admin", "pw", DateTimeOffset.UtcNow));

        Assert.True(OnvifSoap.Authenticated(request, "admin", "pw"));
        Assert.False(OnvifSoap.Authenticated(request, "admin", "wrong"));
        Assert.False(OnvifSoap.Authenticated(request, "other", "pw"));
    }

    [Fact]
    public void The_sdp_video_check_needs_a_video_media_line()
    {
        Assert.True(CameraProber.HasVideo("v=0\r\ns=x\r\nm=audio 0 RTP/AVP 0\r\nm=video 0 RTP/AVP 26\r\n"));
        Assert.False(CameraProber.HasVideo("v=0\r\ns=x\r\nm=audio 0 RTP/AVP 0\r\n"));
    }

    [Fact]
    public void A_simulated_frame_is_a_jpeg_rtp_can_carry_cut_into_packets_with_one_marker()
    {
        var camera = new SimulatedFleet(1).Find(1)!;
        var jpeg = ScenePainter.Paint(camera, SimulatedMode.Ok, DateTimeOffset.UtcNow, baseline: true);

        var rtp = RtpJpeg.Parse(jpeg)!;
        var packets = rtp.Packets(0, 1, 0, 7).ToList();

        Assert.Equal((320, 240, (byte)1), (rtp.Width, rtp.Height, rtp.Type));
        Assert.All(packets, p => Assert.Equal((byte)'$', p[0]));
        Assert.Single(packets, p => (p[5] & 0x80) != 0);
        Assert.True((packets[^1][5] & 0x80) != 0);
        Assert.Equal(rtp.Scan.Length, packets.Sum(p => p.Length - 4 - 12 - 8) - 132);
    }

    [Fact]
    public void The_baseline_encoder_writes_the_picture_SkiaSharp_paints_with_the_standard_huffman_tables()
    {
        var camera = new SimulatedFleet(1).Find(1)!;
        var at = new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero);
        var baseline = ScenePainter.Paint(camera, SimulatedMode.Ok, at, baseline: true);
        var skia = ScenePainter.Paint(camera, SimulatedMode.Ok, at);

        using var ours = SKBitmap.Decode(baseline);
        using var theirs = SKBitmap.Decode(skia);
        Assert.Equal((ScenePainter.Width, ScenePainter.Height), (ours.Width, ours.Height));
        var difference = 0.0;
        for (var y = 0; y < ours.Height; y += 3)
        {
            for (var x = 0; x < ours.Width; x += 3)
            {
                SKColor a = ours.GetPixel(x, y), b = theirs.GetPixel(x, y);
                difference += Math.Abs(a.Red - b.Red) + Math.Abs(a.Green - b.Green) + Math.Abs(a.Blue - b.Blue);
            }
        }

        // Both are lossy encodings of one picture: a few levels apart on average, not a different picture.
        Assert.InRange(difference / (3.0 * (ours.Width / 3) * (ours.Height / 3)), 0, 6);

        // T.81 K.3's luminance DC table: code lengths 0 1 5 1 1 1 1 1 1 0 …, then the values 0–11.
        byte[] standardDc = [0xFF, 0xC4, 0x00, 0x1F, 0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
        Assert.True(baseline.AsSpan().IndexOf(standardDc) > 0);
    }

    [Fact]
    public void Csv_records_know_their_first_line_even_with_quoted_line_breaks()
    {
        var records = Csv.Read(new StringReader("a,b\r\n\"x\ny\",2\r\n3,\"q\"\"uote\"\n")).ToList();

        Assert.Equal([1, 2, 4], records.Select(r => r.Line));
        Assert.Equal(["x\ny", "2"], records[1].Fields);
        Assert.Equal("q\"uote", records[2].Fields[1]);
    }

    [Fact]
    public void Credentials_print_without_their_password()
    {
        Assert.DoesNotContain("s3cret", new CameraCredentials("admin", "s3cret").ToString(), StringComparison.Ordinal);
    }
}
