using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Probing;
using Mekong.Modules.Cameras.Simulator;

namespace Mekong.IntegrationTests.Cameras;

/// <summary>
/// One simulated fleet of four cameras (1 and 3 ask for Digest, 2 and 4 for Basic only) and, started when a test first
/// needs them, GStreamer's RTSP server behind Digest and behind Basic: the third-party programs of ADR 0040.
/// </summary>
public sealed class ThirdPartyFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, GstRtspServer> _servers = [];

    internal CameraSimulator Simulator { get; private set; } = null!;

    public static string RepositoryRoot { get; } = FindRoot();

    public async ValueTask InitializeAsync() => Simulator = await CameraSimulator.StartAsync(4);

    /// <summary>GStreamer's RTSP server on loopback with this authentication (<c>basic</c> or <c>digest</c>).</summary>
    internal async Task<GstRtspServer> RtspServerAsync(string auth)
    {
        await _gate.WaitAsync(TestContext.Current.CancellationToken);
        try
        {
            if (!_servers.TryGetValue(auth, out var server))
            {
                server = await GstRtspServer.StartAsync(auth);
                _servers[auth] = server;
            }

            return server;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers.Values)
        {
            server.Dispose();
        }

        await Simulator.DisposeAsync();
        _gate.Dispose();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Mekong.slnx")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Mekong.slnx not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>
/// The simulator as third-party clients see it, and the prober against a third-party RTSP server (issue 16): Debian's
/// ffprobe decodes a frame of its RTSP (RTP/JPEG over the RTSP connection) with Digest and with Basic and is refused
/// with a wrong password; the npm <c>onvif</c> package connects with WS-UsernameToken and reads the device, the stream
/// and the snapshot URIs; the prober's OPTIONS/DESCRIBE finds the video track of GStreamer's RTSP server.
/// In CI a missing program fails the test; on a developer machine it is skipped with the reason.
/// </summary>
public sealed class ThirdPartyClientTests(ThirdPartyFixture fixture) : IClassFixture<ThirdPartyFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SimulatedCamera Camera(int number) => fixture.Simulator.Fleet.Find(number)!;

    private string RtspUrl(int number, string? password = null) =>
        $"rtsp://{SimulatedCamera.Username}:{password ?? Camera(number).Password}@127.0.0.1:{fixture.Simulator.Rtsp.Port}/cam/{number}/main";

    [Theory]
    [InlineData(1)] // Digest (ffprobe answers the Digest challenge)
    [InlineData(2)] // Basic only
    public async Task Ffprobe_decodes_a_frame_of_a_simulated_camera(int number)
    {
        Assert.Equal(number % 2 == 1, Camera(number).Digest);
        var ffprobe = Tools.Require("ffprobe", "Debian's ffmpeg package");
        var (exit, output, errors) = await Tools.RunAsync(ffprobe,
            ["-v", "error", "-rtsp_transport", "tcp", "-count_frames", "-select_streams", "v", "-read_intervals", "%+#1",
             "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "json", RtspUrl(number)]);
        Assert.True(exit == 0, $"ffprobe exited with {exit}: {errors}");
        var stream = Assert.Single(JsonDocument.Parse(output).RootElement.GetProperty("streams").EnumerateArray());
        Assert.Equal("mjpeg", stream.GetProperty("codec_name").GetString());
        Assert.Equal(ScenePainter.Width, stream.GetProperty("width").GetInt32());
        Assert.Equal(ScenePainter.Height, stream.GetProperty("height").GetInt32());
        Assert.Equal("1", stream.GetProperty("nb_read_frames").GetString());
        Assert.DoesNotContain("error", errors, StringComparison.OrdinalIgnoreCase); // a garbled frame is reported on stderr
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Ffprobe_with_a_wrong_password_is_refused_with_401(int number)
    {
        var ffprobe = Tools.Require("ffprobe", "Debian's ffmpeg package");
        var (exit, _, errors) = await Tools.RunAsync(ffprobe, ["-v", "error", "-rtsp_transport", "tcp", RtspUrl(number, "not-the-password")]);
        Assert.NotEqual(0, exit);
        Assert.Contains("401 Unauthorized", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_npm_onvif_client_reads_the_device_and_its_stream_and_snapshot_uris()
    {
        var camera = Camera(3);
        using var answer = await OnvifClientAsync(3, camera.Password, expectSuccess: true);
        var json = answer.RootElement;
        Assert.Equal("Mekong", json.GetProperty("manufacturer").GetString());
        Assert.Equal("SIM-1", json.GetProperty("model").GetString());
        Assert.Equal(camera.Code, json.GetProperty("serialNumber").GetString());
        Assert.Equal(camera.Type, json.GetProperty("hardwareId").GetString());
        Assert.Equal(["main", "sub"], json.GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal("JPEG", json.GetProperty("activeSource").GetProperty("encoding").GetString());
        Assert.Equal($"rtsp://127.0.0.1:{fixture.Simulator.Rtsp.Port}/cam/3/main", json.GetProperty("streamUri").GetString());
        Assert.Equal($"http://127.0.0.1:{fixture.Simulator.Http.Port}/cam/3/snapshot.jpg", json.GetProperty("snapshotUri").GetString());
    }

    [Fact]
    public async Task The_npm_onvif_client_with_a_wrong_password_is_not_authorized()
    {
        using var answer = await OnvifClientAsync(3, "not-the-password", expectSuccess: false);
        Assert.Contains("not authorized", answer.RootElement.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("digest")]
    [InlineData("basic")]
    public async Task The_prober_finds_the_video_track_of_GStreamers_RTSP_server(string auth)
    {
        var server = await fixture.RtspServerAsync(auth);
        Assert.Equal((CameraFault.None, null), await CameraProber.RtspAsync(server.Url, new CameraCredentials(GstRtspServer.User, GstRtspServer.Password), Ct));

        var (fault, detail) = await CameraProber.RtspAsync(server.Url, new CameraCredentials(GstRtspServer.User, "not-the-password"), Ct);
        Assert.Equal(CameraFault.BadCredentials, fault);
        Assert.Contains(auth, detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CameraFault.BadCredentials, (await CameraProber.RtspAsync(server.Url, null, Ct)).Fault);
    }

    private async Task<JsonDocument> OnvifClientAsync(int number, string password, bool expectSuccess)
    {
        var node = Tools.Require("node", "Node.js");
        var client = Path.Combine(ThirdPartyFixture.RepositoryRoot, "tests", "tools", "onvif-client");
        if (!File.Exists(Path.Combine(client, "node_modules", "onvif", "package.json")))
        {
            Tools.Missing($"the npm onvif package is not restored: run 'npm ci' in {client} (test.sh does)");
        }

        var (exit, output, errors) = await Tools.RunAsync(node,
            [Path.Combine(client, "check-camera.js"), "--host", "127.0.0.1", "--port", fixture.Simulator.Http.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
             "--path", $"/cam/{number}/onvif/device_service", "--user", SimulatedCamera.Username, "--password", password]);
        Assert.True((exit == 0) == expectSuccess, $"the onvif client exited with {exit}: {output} {errors}");
        return JsonDocument.Parse(output);
    }
}

/// <summary>GStreamer's RTSP server (tests/tools/rtsp-server/gst-rtsp-server.py) in a process of its own, ended with the fixture.</summary>
internal sealed class GstRtspServer : IDisposable
{
    public const string User = "viewer";
    public const string Password = "gst-s3cret";

    private readonly Process _process;

    private GstRtspServer(Process process, string url)
    {
        _process = process;
        Url = url;
    }

    public string Url { get; }

    public static async Task<GstRtspServer> StartAsync(string auth)
    {
        const string python = "/usr/bin/python3";
        var script = Path.Combine(ThirdPartyFixture.RepositoryRoot, "tests", "tools", "rtsp-server", "gst-rtsp-server.py");
        const string packages = "Debian: python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good; test.sh installs them";
        if (!File.Exists(python))
        {
            Tools.Missing($"{python} is not installed ({packages})");
        }

        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true, // closing it ends the server, should this process die first
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { script, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--path", "/live", "--auth", auth, "--user", User, "--password", Password })
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(60)); // a hang guard, not a measurement
        var line = await process.StandardOutput.ReadLineAsync(wait.Token);
        if (line is not null && line.StartsWith("missing ", StringComparison.Ordinal))
        {
            Tools.Missing($"GStreamer's RTSP server is not installed: {line["missing ".Length..]} ({packages})");
        }

        if (line is null || !line.StartsWith("ready ", StringComparison.Ordinal))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"GStreamer's RTSP server did not start: {line} {await errors}");
        }

        return new GstRtspServer(process, line["ready ".Length..]);
    }

    public void Dispose()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(TimeSpan.FromSeconds(5)))
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}

/// <summary>Finding and running the third-party programs.</summary>
internal static class Tools
{
    /// <summary>The program's path on PATH; a missing one fails in CI and skips elsewhere.</summary>
    public static string Require(string name, string package)
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
        if (found is null)
        {
            Missing($"'{name}' is not installed ({package}; test.sh installs it)");
        }

        return found!;
    }

    public static void Missing(string reason)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail(reason);
        }

        Assert.Skip(reason);
    }

    public static async Task<(int Exit, string Output, string Errors)> RunAsync(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var errors = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(90)); // a hang guard, not a measurement
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Path.GetFileName(program)} did not finish: {await errors}");
        }

        return (process.ExitCode, await output, await errors);
    }
}
