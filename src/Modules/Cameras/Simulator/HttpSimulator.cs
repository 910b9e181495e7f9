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

        var host = $"127.0.0.1";
        var token = call.Element(OnvifSoap.Media + "ProfileToken")?.Value ?? "main";
        var profile = token == "sub" ? "sub" : "main";
        XElement? answer = call.Name.LocalName switch
        {
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
            "GetProfiles" => new XElement(OnvifSoap.Media + "GetProfilesResponse",
                new XElement(OnvifSoap.Media + "Profiles", new XAttribute("token", "main"), new XAttribute("fixed", "true"), new XElement(OnvifSoap.Schema + "Name", "main")),
                new XElement(OnvifSoap.Media + "Profiles", new XAttribute("token", "sub"), new XAttribute("fixed", "true"), new XElement(OnvifSoap.Schema + "Name", "sub"))),
            _ => null,
        };
        return answer is null
            ? Soap(OnvifSoap.Fault("ter:ActionNotSupported", $"{call.Name.LocalName} is not simulated."), 400)
            : Soap(OnvifSoap.Response(answer), 200);
    }

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

    public static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
