using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Caching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Telemetry.Features.Devices;

/// <summary>What ingest needs to know of a device: where it belongs, what it measures, whether it may write.</summary>
internal sealed record DeviceInfo(long Id, string JurisdictionCode, DeviceType Type, DeviceStatus Status, string? TokenHash)
{
    public string Code { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    /// <summary>The commune the device stands in: the alerts group by it (ADR 0033).</summary>
    public string? CommuneCode { get; init; }

    public double Latitude { get; init; }

    public double Longitude { get; init; }
}

/// <summary>
/// The devices as ingest sees them, cached for a few seconds (every batch and MQTT message asks): a token revoked or a
/// device retired on this node is dropped from the cache at once, on another node within <see cref="TimeToLive"/>.
/// </summary>
internal sealed class DeviceDirectory(IServiceScopeFactory scopes, TimeProvider clock)
{
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(15);

    private readonly ExpiringCache<long, DeviceInfo?> _byId = new(TimeToLive, 100_000, clock);
    private readonly ExpiringCache<string, long?> _byToken = new(TimeToLive, 100_000, clock);

    public ValueTask<DeviceInfo?> FindAsync(long id, CancellationToken cancellationToken) =>
        _byId.GetOrLoadAsync(id, async (key, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            var device = await db.Devices.AsNoTracking().FirstOrDefaultAsync(d => d.Id == key, ct);
            return device is null ? null : new DeviceInfo(device.Id, device.JurisdictionCode, device.Type, device.Status, device.TokenHash)
            {
                Code = device.Code,
                Name = device.Name,
                CommuneCode = device.CommuneCode,
                Latitude = device.Latitude,
                Longitude = device.Longitude,
            };
        }, cancellationToken);

    /// <summary>The device a token belongs to, or null (unknown, revoked, or the device retired).</summary>
    public async ValueTask<DeviceInfo?> AuthenticateAsync(string? token, CancellationToken cancellationToken)
    {
        if (token is null || !token.StartsWith(Device.TokenPrefix, StringComparison.Ordinal) || token.Length > 100)
        {
            return null;
        }

        var hash = Device.Hash(token);
        var id = await _byToken.GetOrLoadAsync(hash, async (key, ct) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TelemetryDbContext>();
            return await db.Devices.AsNoTracking().Where(d => d.TokenHash == key).Select(d => (long?)d.Id).FirstOrDefaultAsync(ct);
        }, cancellationToken);
        if (id is null)
        {
            return null;
        }

        var device = await FindAsync(id.Value, cancellationToken);
        return device is not null && device.Status != DeviceStatus.Retired && Device.Matches(device.TokenHash, token) ? device : null;
    }

    /// <summary>A device changed here (token, status): forget what this node knew of it.</summary>
    public void Forget(long id)
    {
        _byId.Remove(id);
        _byToken.Clear();
    }
}
