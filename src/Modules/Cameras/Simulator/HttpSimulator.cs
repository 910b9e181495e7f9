using System.Globalization;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using Mekong.Modules.Cameras.Protocols;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Mekong.Modules.Cameras.Simulator;

/// <summary>
/// The fleet's one HTTP listener: <c>/cam/N/snapshot.jpg</c> (Basic), <c>/cam/N/onvif/device_service</c> and
/// <c>/cam/N/onvif/media_service</c> (SOAP 1.2 with WS-UsernameToken), and <c>POST /control/{target}/{mode}</c> to
/// inject failures (a camera code or number, a network segment, a power feeder, or <c>all</c>).
/// </summary>
internal sealed class HttpSimulator(SimulatedFleet fleet) : IAsyncDisposable
{
    private WebApplication? _app;

    public int Port { get; private set; }

    public int RtspPort { get; set; }

    public async Task StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();

        // The listener is part of a program (the CLI verb, a test, the benchmark), not the program itself: the default
        // console lifetime took Ctrl+C and SIGTERM for this embedded app, which nobody waited on, so the verb never
        // stopped (ADR 0040). Signals are the program's to handle.
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        _app = builder.Build();
        _app.MapGet("/cam/{n:int}/snapshot.jpg", Snapshot);
        _app.MapPost("/cam/{n:int}/onvif/{service}", OnvifAsync);
        _app.MapPost("/control/{target}/{mode}", (string target, string mode) =>
        {
            if (!SimulatedFleet.TryParseMode(mode, out var parsed))
            {
                return Results.BadRequest($"mode is one of {string.Join(", ", Enum.GetNames<SimulatedMode>())}.");
            }

            var count = fleet.SetMode(target, parsed);
            return count == 0 ? Results.NotFound($"No camera, segment or feeder '{target}'.") : Results.Ok(new { target, mode = parsed.ToString(), cameras = count });
        });
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Port = new Uri(address).Port;
    }

    private async Task<IResult> Snapshot(int n, HttpContext http)
    {
        if (fleet.Find(n) is not { } camera)
        {
            return Results.NotFound();
        }

        if (fleet.IsDown(camera))
        {
            http.Abort();
            return Results.Empty;
        }

        await SlowAsync(camera, http.RequestAborted);
        if (!HttpDigest.Verify(http.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, "GET", RtspSimulator.Realm, string.Empty,
                SimulatedCamera.Username, PasswordOf(camera), allowDigest: false))
        {
            http.Response.Headers.WWWAuthenticate = $"Basic realm=\"{RtspSimulator.Realm}\"";
            return Results.Unauthorized();
        }

        return Results.Bytes(SimulatorFrames.Frame(fleet, camera), "image/jpeg");
    }

    private async Task<IResult> OnvifAsync(int n, string service, HttpContext http)
    {
        if (fleet.Find(n) is not { } camera)
        {
            return Results.NotFound();
        }

        if (fleet.IsDown(camera))
        {
            http.Abort();
            return Results.Empty;
        }

        await SlowAsync(camera, http.RequestAborted);
        XDocument request;
        try
        {
            using var reader = XmlReader.Create(http.Request.Body, new XmlReaderSettings { Async = true, DtdProcessing = DtdProcessing.Prohibit, MaxCharactersInDocument = 1_000_000 });
            request = await XDocument.LoadAsync(reader, LoadOptions.None, http.RequestAborted);
        }
        catch (XmlException)
        {
            return Soap(OnvifSoap.Fault("ter:WellFormed", "The request is not well-formed XML."), 400);
        }

        var call = request.Root?.Element(OnvifSoap.Soap + "Body")?.Elements().FirstOrDefault();
        if (call is null)
        {
            return Soap(OnvifSoap.Fault("ter:WellFormed", "No SOAP body."), 400);
        }

        // GetSystemDateAndTime is open, as ONVIF requires: a client reads the clock before it signs its first call.
        if (call.Name == OnvifSoap.Device + "GetSystemDateAndTime")
        {
            var now = fleet.Clock.GetUtcNow().UtcDateTime;
            return Soap(OnvifSoap.Response(new XElement(OnvifSoap.Device + "GetSystemDateAndTimeResponse",
                new XElement(OnvifSoap.Device + "SystemDateAndTime",
                    new XElement(OnvifSoap.Schema + "DateTimeType", "NTP"), new XElement(OnvifSoap.Schema + "DaylightSavings", "false"),
                    new XElement(OnvifSoap.Schema + "UTCDateTime",
                        new XElement(OnvifSoap.Schema + "Time", new XElement(OnvifSoap.Schema + "Hour", now.Hour), new XElement(OnvifSoap.Schema + "Minute", now.Minute), new XElement(OnvifSoap.Schema + "Second", now.Second)),
                        new XElement(OnvifSoap.Schema + "Date", new XElement(OnvifSoap.Schema + "Year", now.Year), new XElement(OnvifSoap.Schema + "Month", now.Month), new XElement(OnvifSoap.Schema + "Day", now.Day)))))), 200);
        }

        if (!OnvifSoap.Authenticated(request, SimulatedCamera.Username, PasswordOf(camera)))
        {
            return Soap(OnvifSoap.Fault("ter:NotAuthorized", "Sender not authorized."), 400);
        }

        var host = "127.0.0.1";
        var token = call.Element(OnvifSoap.Media + "ProfileToken")?.Value ?? "main";
        var profile = token == "sub" ? "sub" : "main";
        var device = $"http://{host}:{Port}/cam/{n}/onvif/device_service";
        var media = $"http://{host}:{Port}/cam/{n}/onvif/media_service";
        XElement? answer = call.Name.LocalName switch
        {
            // How a client finds the media service (ONVIF Core §8.1): GetServices, or GetCapabilities on older clients.
            "GetServices" => new XElement(OnvifSoap.Device + "GetServicesResponse",
                OnvifService(OnvifSoap.Device.NamespaceName, device, 2, 40),
                OnvifService(OnvifSoap.Media.NamespaceName, media, 2, 40)),
            "GetCapabilities" => new XElement(OnvifSoap.Device + "GetCapabilitiesResponse",
                new XElement(OnvifSoap.Device + "Capabilities",
                    new XElement(OnvifSoap.Schema + "Device", new XElement(OnvifSoap.Schema + "XAddr", device)),
                    new XElement(OnvifSoap.Schema + "Media", new XElement(OnvifSoap.Schema + "XAddr", media),
                        new XElement(OnvifSoap.Schema + "StreamingCapabilities",
                            new XElement(OnvifSoap.Schema + "RTPMulticast", "false"), new XElement(OnvifSoap.Schema + "RTP_TCP", "true"), new XElement(OnvifSoap.Schema + "RTP_RTSP_TCP", "true"))))),
            "GetVideoSources" => new XElement(OnvifSoap.Media + "GetVideoSourcesResponse",
                new XElement(OnvifSoap.Media + "VideoSources", new XAttribute("token", VideoSourceToken),
                    new XElement(OnvifSoap.Schema + "Framerate", RtspSimulator.FramesPerSecond), Resolution())),
            "GetDeviceInformation" => new XElement(OnvifSoap.Device + "GetDeviceInformationResponse",
                new XElement(OnvifSoap.Device + "Manufacturer", "Mekong"),
                new XElement(OnvifSoap.Device + "Model", "SIM-1"),
                new XElement(OnvifSoap.Device + "FirmwareVersion", "1.0"),
                new XElement(OnvifSoap.Device + "SerialNumber", camera.Code),
                new XElement(OnvifSoap.Device + "HardwareId", camera.Type)),
            "GetStreamUri" => new XElement(OnvifSoap.Media + "GetStreamUriResponse",
                new XElement(OnvifSoap.Media + "MediaUri", new XElement(OnvifSoap.Schema + "Uri", $"rtsp://{host}:{RtspPort}/cam/{n}/{profile}"),
                    new XElement(OnvifSoap.Schema + "InvalidAfterConnect", "false"), new XElement(OnvifSoap.Schema + "InvalidAfterReboot", "false"), new XElement(OnvifSoap.Schema + "Timeout", "PT0S"))),
            "GetSnapshotUri" => new XElement(OnvifSoap.Media + "GetSnapshotUriResponse",
                new XElement(OnvifSoap.Media + "MediaUri", new XElement(OnvifSoap.Schema + "Uri", $"http://{host}:{Port}/cam/{n}/snapshot.jpg"),
                    new XElement(OnvifSoap.Schema + "InvalidAfterConnect", "false"), new XElement(OnvifSoap.Schema + "InvalidAfterReboot", "false"), new XElement(OnvifSoap.Schema + "Timeout", "PT0S"))),
            "GetProfiles" => new XElement(OnvifSoap.Media + "GetProfilesResponse", Profile("main"), Profile("sub")),
            _ => null,
        };
        return answer is null
            ? Soap(OnvifSoap.Fault("ter:ActionNotSupported", $"{call.Name.LocalName} is not simulated."), 400)
            : Soap(OnvifSoap.Response(answer), 200);
    }

    private const string VideoSourceToken = "video1";

    private static XElement OnvifService(string ns, string address, int major, int minor) =>
        new(OnvifSoap.Device + "Service",
            new XElement(OnvifSoap.Device + "Namespace", ns),
            new XElement(OnvifSoap.Device + "XAddr", address),
            new XElement(OnvifSoap.Device + "Version", new XElement(OnvifSoap.Schema + "Major", major), new XElement(OnvifSoap.Schema + "Minor", minor)));

    private static XElement Resolution() =>
        new(OnvifSoap.Schema + "Resolution", new XElement(OnvifSoap.Schema + "Width", ScenePainter.Width), new XElement(OnvifSoap.Schema + "Height", ScenePainter.Height));

    /// <summary>A media profile as ONVIF Profile S clients expect it: its video source and its (JPEG) encoder.</summary>
    private static XElement Profile(string token) =>
        new(OnvifSoap.Media + "Profiles", new XAttribute("token", token), new XAttribute("fixed", "true"),
            new XElement(OnvifSoap.Schema + "Name", token),
            new XElement(OnvifSoap.Schema + "VideoSourceConfiguration", new XAttribute("token", "vsc1"),
                new XElement(OnvifSoap.Schema + "Name", "video"), new XElement(OnvifSoap.Schema + "UseCount", 2), new XElement(OnvifSoap.Schema + "SourceToken", VideoSourceToken),
                new XElement(OnvifSoap.Schema + "Bounds", new XAttribute("x", 0), new XAttribute("y", 0), new XAttribute("width", ScenePainter.Width), new XAttribute("height", ScenePainter.Height))),
            new XElement(OnvifSoap.Schema + "VideoEncoderConfiguration", new XAttribute("token", "vec-" + token),
                new XElement(OnvifSoap.Schema + "Name", token), new XElement(OnvifSoap.Schema + "UseCount", 1), new XElement(OnvifSoap.Schema + "Encoding", "JPEG"),
                Resolution(), new XElement(OnvifSoap.Schema + "Quality", 70),
                new XElement(OnvifSoap.Schema + "RateControl",
                    new XElement(OnvifSoap.Schema + "FrameRateLimit", RtspSimulator.FramesPerSecond), new XElement(OnvifSoap.Schema + "EncodingInterval", 1), new XElement(OnvifSoap.Schema + "BitrateLimit", 512)),
                new XElement(OnvifSoap.Schema + "Multicast",
                    new XElement(OnvifSoap.Schema + "Address", new XElement(OnvifSoap.Schema + "Type", "IPv4"), new XElement(OnvifSoap.Schema + "IPv4Address", "0.0.0.0")),
                    new XElement(OnvifSoap.Schema + "Port", 0), new XElement(OnvifSoap.Schema + "TTL", 0), new XElement(OnvifSoap.Schema + "AutoStart", "false")),
                new XElement(OnvifSoap.Schema + "SessionTimeout", "PT60S")));

    private static IResult Soap(string xml, int status) => Results.Text(xml, "application/soap+xml; charset=utf-8", statusCode: status);

    private static string PasswordOf(SimulatedCamera camera) => camera.Mode == SimulatedMode.BadCredentials ? camera.Password + "-changed" : camera.Password;

    private static Task SlowAsync(SimulatedCamera camera, CancellationToken cancellationToken) =>
        camera.Mode == SimulatedMode.Slow ? Task.Delay(SimulatedFleet.SlowDelay, cancellationToken) : Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }

    private sealed class EmbeddedLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
