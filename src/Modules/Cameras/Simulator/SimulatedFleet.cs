using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>What a simulated camera is doing (failure injection).</summary>
internal enum SimulatedMode
{
    Ok,

    /// <summary>Drops every connection that names it, before answering (a dead camera, a cut cable).</summary>
    Down,

    /// <summary>Answers late (<see cref="SimulatedFleet.SlowDelay"/>).</summary>
    Slow,

    /// <summary>Always the same picture.</summary>
    Frozen,

    /// <summary>A black picture.</summary>
    Black,

    /// <summary>Something in front of the lens: a different, dark, nearly uniform view.</summary>
    Covered,

    /// <summary>Its password was changed: the registered credentials are refused.</summary>
    BadCredentials,

    /// <summary>Down and up in turns of <see cref="SimulatedFleet.FlapPeriod"/>.</summary>
    Flapping,
}

/// <summary>One simulated camera: its number, identity, credentials and current mode.</summary>
internal sealed class SimulatedCamera(int number, string code, string type, double latitude, double longitude, string segment, string feeder, string password, bool digest)
{
    public int Number { get; } = number;

    public string Code { get; } = code;

    public string Type { get; } = type;

    public double Latitude { get; } = latitude;

    public double Longitude { get; } = longitude;

    public string NetworkSegment { get; } = segment;

    public string PowerFeeder { get; } = feeder;

    public static string Username => "admin";

    public string Password { get; } = password;

    /// <summary>Whether its RTSP asks for Digest (and accepts Basic too) or Basic only.</summary>
    public bool Digest { get; } = digest;

    public volatile SimulatedMode Mode;

    /// <summary>The picture a frozen camera keeps sending.</summary>
    public byte[]? FrozenFrame { get; set; }

    /// <summary>The same picture for RTP/JPEG (<see cref="BaselineJpeg"/>).</summary>
    public byte[]? FrozenRtpFrame { get; set; }

    /// <summary>When the picture froze.</summary>
    public DateTimeOffset? FrozenAt { get; set; }
}

/// <summary>
/// The simulated fleet (ADR 0028): N cameras behind ONE RTSP listener and ONE HTTP listener on loopback, told apart
/// by their path (<c>/cam/N/main</c>, <c>/cam/N/snapshot.jpg</c>, <c>/cam/N/onvif/device_service</c>), so a thousand
/// cameras take two sockets, not three thousand.
/// </summary>
internal sealed class SimulatedFleet
{
    /// <summary>How late a slow camera answers: its first RTSP request and its snapshot, each.</summary>
    public static readonly TimeSpan SlowDelay = TimeSpan.FromSeconds(0.7);
    public static readonly TimeSpan FlapPeriod = TimeSpan.FromSeconds(20);

    private readonly ConcurrentDictionary<int, SimulatedCamera> _cameras = new();

    public SimulatedFleet(int count, int seed = 16, int trafficEvery = 27)
    {
        var random = new Random(seed);
        for (var n = 1; n <= count; n++)
        {
            // The demo province's box (AdminUnits' generator): about 9.35–9.85 N, 105.7–106.2 E.
            var lat = Math.Round(9.38 + (random.NextDouble() * 0.44), 6);
            var lon = Math.Round(105.73 + (random.NextDouble() * 0.44), 6);
            var password = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"sim-{seed}-{n}")))[..12];
            var type = n % trafficEvery == 1 ? "traffic" : "security";
            _cameras[n] = new SimulatedCamera(n, $"SIM-{n:D4}", type, lat, lon, $"seg-{(n - 1) / 25:D3}", $"feeder-{(n - 1) / 50:D3}", password, digest: n % 2 == 1);
        }
    }

    /// <summary>The pictures' and the flapping's time (tests move it; a slow camera's delay is always real time).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    public int Count => _cameras.Count;

    public IEnumerable<SimulatedCamera> All => _cameras.Values.OrderBy(c => c.Number);

    public SimulatedCamera? Find(int number) => _cameras.GetValueOrDefault(number);

    /// <summary>Whether the camera drops connections now (down, flapping in its down half, or its area cut).</summary>
    public bool IsDown(SimulatedCamera camera) => camera.Mode switch
    {
        SimulatedMode.Down => true,
        SimulatedMode.Flapping => (Clock.GetUtcNow().ToUnixTimeMilliseconds() / (long)FlapPeriod.TotalMilliseconds) % 2 == 1,
        _ => false,
    };

    /// <summary>Sets the mode of one camera, or of every camera of a network segment or power feeder (an area outage).</summary>
    public int SetMode(string target, SimulatedMode mode)
    {
        var matched = _cameras.Values.Where(c => c.Code == target || c.NetworkSegment == target || c.PowerFeeder == target
            || c.Number.ToString(CultureInfo.InvariantCulture) == target || target == "all").ToList();
        foreach (var camera in matched)
        {
            camera.FrozenFrame = null;
            camera.FrozenRtpFrame = null;
            camera.FrozenAt = null;
            camera.Mode = mode;
        }

        return matched.Count;
    }

    public static bool TryParseMode(string? text, out SimulatedMode mode)
    {
        var normal = text?.Replace("-", string.Empty, StringComparison.Ordinal);
        return Enum.TryParse(normal, ignoreCase: true, out mode) && Enum.IsDefined(mode) && !int.TryParse(normal, out _);
    }

    /// <summary>The CSV <c>import cameras</c> reads: URLs on these ports, and the credentials.</summary>
    public void WriteCsv(TextWriter writer, int rtspPort, int httpPort, string host = "127.0.0.1")
    {
        writer.Write("code,name,type,latitude,longitude,vendor,model,owner_agency,contractor,network_segment,power_feeder,rtsp_main_url,rtsp_sub_url,snapshot_url,onvif_url,username,password,tags\r\n");
        foreach (var c in All)
        {
            var http = $"http://{host}:{httpPort}/cam/{c.Number}";
            var rtsp = $"rtsp://{host}:{rtspPort}/cam/{c.Number}";
            var contractor = c.Number % 3 == 0 ? "Công ty Viễn thông Phù Sa" : c.Number % 3 == 1 ? "Công ty An ninh Số" : "Công ty Kỹ thuật Mê Kông";
            writer.Write(string.Join(',',
                c.Code, $"Camera mô phỏng {c.Number}", c.Type, c.Latitude.ToString("R", CultureInfo.InvariantCulture), c.Longitude.ToString("R", CultureInfo.InvariantCulture),
                "Mekong", "SIM-1", c.Type == "traffic" ? "Công an tỉnh" : "UBND xã", "\"" + contractor + "\"", c.NetworkSegment, c.PowerFeeder,
                rtsp + "/main", rtsp + "/sub", http + "/snapshot.jpg", http + "/onvif/device_service", SimulatedCamera.Username, c.Password, "simulated"));
            writer.Write("\r\n");
        }
    }
}
