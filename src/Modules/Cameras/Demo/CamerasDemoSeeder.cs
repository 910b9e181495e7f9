using System.Globalization;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Simulator;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Demo;
using Mekong.Platform.Secrets;
using Mekong.Platform.Storage.Bulk;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Demo;

/// <summary>
/// The demo province's camera network, sized like Bắc Giang's: 39 traffic cameras on main roads and junctions and
/// 1,027 security cameras around wards, markets, schools and offices, spread over the communes. Each points at the
/// simulator's default ports (<c>simulate cameras --count 1066</c> brings them to life) with the simulator's
/// credentials, protected. A week of believable history is replayed through the cameras' own rules (a few checks
/// each on a demo clock), then everything is written with the bulk writer (ADR 0017).
/// </summary>
internal sealed class CamerasDemoSeeder(CamerasDbContext db, IAdminUnitDirectory adminUnits, ISecretProtector secrets, TimeProvider clock) : IDemoSeeder
{
    public const int TrafficCount = 39;
    public const int SecurityCount = 1_027;
    public const int SimulatorRtspPort = 8554;
    public const int SimulatorHttpPort = 8580;

    private static readonly string[] Contractors = ["Công ty Viễn thông Phù Sa", "Công ty An ninh Số", "Công ty Kỹ thuật Mê Kông"];
    private static readonly string[] Roads = ["QL1A", "QL61", "QL61B", "ĐT 925", "ĐT 926", "ĐT 927", "Đường 3 tháng 2", "Đường Trần Hưng Đạo"];
    private static readonly string[] Sites = ["Chợ", "Trường THCS", "Trường Tiểu học", "UBND", "Trạm Y tế", "Nhà văn hóa", "Bến xe", "Công viên"];
    private static readonly string[] Vendors = ["Hikvision", "Dahua", "KBVision", "Axis"];

    /// <summary>The demo's three maintenance contractors (ADR 0039): their ticket addresses and contracted uptime.</summary>
    internal static readonly (string Name, string Email, double Target)[] DemoContractors =
    [
        (Contractors[0], "baotri@vienthongphusa.example", 98.0),
        (Contractors[1], "kythuat@anninhso.example", 97.5),
        (Contractors[2], "hotro@kythuatmekong.example", 99.0),
    ];

    public int Order => 40;

    public string Name => "cameras";

    private async Task SeedContractorsAsync(string jurisdiction, CancellationToken cancellationToken)
    {
        if (await db.Contractors.AnyAsync(c => c.JurisdictionCode == jurisdiction, cancellationToken))
        {
            return;
        }

        var now = clock.GetUtcNow();
        db.Contractors.AddRange(DemoContractors.Select(c => Contractor.Create(jurisdiction, c.Name, c.Email, c.Target, now)));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task SeedAsync(DemoContext context, CancellationToken cancellationToken)
    {
        var jurisdiction = context.JurisdictionCode;
        await SeedContractorsAsync(jurisdiction, cancellationToken);
        if (await db.Cameras.AnyAsync(c => c.JurisdictionCode == jurisdiction, cancellationToken))
        {
            return;
        }

        var random = context.RandomFor(Name);
        var places = await PlacesAsync(jurisdiction, random, 60, cancellationToken);
        if (places.Count == 0)
        {
            return;
        }

        var fleet = new SimulatedFleet(TrafficCount + SecurityCount, trafficEvery: int.MaxValue);
        var now = clock.GetUtcNow();
        var rules = new ProbeRules(2, TimeSpan.FromSeconds(60), TimeSpan.FromMinutes(10));
        var cameras = new List<Camera>(TrafficCount + SecurityCount);
        var changes = new List<CameraStateChange>();
        var demoClock = new DemoClock();
        for (var n = 1; n <= TrafficCount + SecurityCount; n++)
        {
            var traffic = n <= TrafficCount;
            var (lat, lon, commune, communeName) = places[random.Next(places.Count)];
            // Traffic cameras sit on the road through the commune; security cameras around its sites, within a few hundred metres.
            lat = Math.Round(lat + ((random.NextDouble() - 0.5) * 0.004), 6);
            lon = Math.Round(lon + ((random.NextDouble() - 0.5) * 0.004), 6);
            var code = (traffic ? "GT-" : "AN-") + n.ToString("D4", CultureInfo.InvariantCulture);
            var name = traffic
                ? $"{Roads[random.Next(Roads.Length)]} – nút giao {communeName}"
                : $"{Sites[random.Next(Sites.Length)]} {communeName} {1 + random.Next(4)}";
            var http = $"http://127.0.0.1:{SimulatorHttpPort}/cam/{n}";
            var rtsp = $"rtsp://127.0.0.1:{SimulatorRtspPort}/cam/{n}";
            var details = new CameraDetails(
                code, name, traffic ? "traffic" : "security", lat, lon, Vendors[random.Next(Vendors.Length)], "DS-2CD" + (2000 + random.Next(900)),
                traffic ? "Công an tỉnh" : $"UBND {communeName}", Contractors[n % Contractors.Length],
                $"seg-{(n - 1) / 25:D3}", $"feeder-{(n - 1) / 50:D3}", rtsp + "/main", rtsp + "/sub", http + "/snapshot.jpg", http + "/onvif/device_service",
                traffic ? ["giao-thong"] : [Sites[n % Sites.Length] == "Chợ" ? "cho" : "an-ninh"],
                DateOnly.FromDateTime(now.UtcDateTime.AddDays(-random.Next(60, 1500))));
            var simulated = fleet.Find(n)!;
            var credentials = new CameraCredentials(SimulatedCamera.Username, simulated.Password).Protect(secrets);
            demoClock.Now = now.AddDays(-7);
            var camera = Camera.Register(jurisdiction, details, commune, credentials, demoClock);
            Replay(camera, random, now, rules, demoClock);
            changes.AddRange(camera.History);
            cameras.Add(camera);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.BulkInsertAsync(cameras, cancellationToken);
        await db.BulkInsertAsync(changes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        context.Notes.Add($"Cameras: {cameras.Count} in the demo province; 'dotnet run --project src/Mekong.Server -- simulate cameras --count {cameras.Count}' serves them on 127.0.0.1:{SimulatorRtspPort}/{SimulatorHttpPort}.");
    }

    /// <summary>A week in a few checks: most cameras stay online; some had an outage, some are down or degraded now, a few in maintenance.</summary>
    private static void Replay(Camera camera, Random random, DateTimeOffset now, ProbeRules rules, DemoClock at)
    {
        camera.Observe(CameraFault.None, 80, rules, at);
        var roll = random.NextDouble();
        if (roll < 0.15)
        {
            // An outage in the past week, over now.
            at.Now = now.AddHours(-random.Next(12, 150));
            var fault = random.NextDouble() < 0.7 ? CameraFault.Unreachable : CameraFault.Frozen;
            Twice(camera, fault, rules, at);
            at.Now = at.Now.AddHours(1 + (random.NextDouble() * 10));
            Twice(camera, CameraFault.None, rules, at);
        }

        at.Now = now.AddMinutes(-random.Next(5, 600));
        if (roll is >= 0.15 and < 0.19)
        {
            Twice(camera, CameraFault.Unreachable, rules, at);
        }
        else if (roll is >= 0.19 and < 0.215)
        {
            Twice(camera, random.NextDouble() < 0.5 ? CameraFault.Black : CameraFault.Covered, rules, at);
        }
        else if (roll is >= 0.215 and < 0.225)
        {
            camera.StartMaintenance(now.AddDays(1), "bảo trì định kỳ", at);
        }
        else
        {
            camera.Observe(CameraFault.None, 60 + random.Next(200), rules, at);
        }

        // Spread the first checks over an interval, so the prober does not meet all of them in one tick.
        at.Now = now.AddSeconds(-random.Next(60));
        camera.Observe(camera.State == CameraState.Offline ? CameraFault.Unreachable : camera.Fault, 90, rules, at);
    }

    private static void Twice(Camera camera, CameraFault fault, ProbeRules rules, DemoClock at)
    {
        camera.Observe(fault, 100, rules, at);
        at.Now = at.Now.AddMinutes(1);
        camera.Observe(fault, 100, rules, at);
    }

    private async Task<List<(double Lat, double Lon, string Commune, string Name)>> PlacesAsync(string jurisdiction, Random random, int count, CancellationToken cancellationToken)
    {
        var places = new List<(double, double, string, string)>();
        for (var tries = 0; tries < count * 3 && places.Count < count; tries++)
        {
            var lat = Math.Round(9.6 + ((random.NextDouble() - 0.5) * 0.5), 6);
            var lon = Math.Round(105.95 + ((random.NextDouble() - 0.5) * 0.5), 6);
            var unit = await adminUnits.LocateAsync(lat, lon, at: null, cancellationToken);
            if (unit is not null && unit.JurisdictionCode == jurisdiction && unit.Level == "commune")
            {
                places.Add((lat, lon, unit.Code, unit.NameVi));
            }
        }

        return places;
    }

    private sealed class DemoClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
