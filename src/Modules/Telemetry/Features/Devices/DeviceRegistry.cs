using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Telemetry.Features.Devices;

internal sealed record RegisterDeviceRequest(string? Code, string? Name, string? Type, double? Latitude, double? Longitude, string? OwnerAgency, string? Jurisdiction);

internal sealed record UpdateDeviceRequest(string? Name, double? Latitude, double? Longitude, string? OwnerAgency, string? Status);

/// <summary>
/// Registers, changes and re-credentials devices; shared by the API and the command line (actor null: the local
/// administrator). The commune comes from the admin-unit directory, never from the caller.
/// </summary>
internal sealed class DeviceRegistry(TelemetryDbContext db, IAdminUnitDirectory adminUnits, DeviceDirectory directory, TimeProvider clock)
{
    public async Task<(DeviceWithToken? Created, FieldErrors Errors)> RegisterAsync(ClaimsPrincipal? actor, RegisterDeviceRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Device.Check(errors, request.Code, request.Name, request.Type, request.Latitude, request.Longitude, request.OwnerAgency);
        var jurisdiction = JurisdictionFor(actor, request.Jurisdiction, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        if (await adminUnits.FindJurisdictionAsync(jurisdiction!, cancellationToken) is null)
        {
            return (null, errors.Add("jurisdiction", $"There is no jurisdiction '{jurisdiction}'."));
        }

        var code = request.Code!.Trim();
        if (await db.Devices.AnyAsync(d => d.JurisdictionCode == jurisdiction && d.Code == code, cancellationToken))
        {
            return (null, errors.Add("code", $"Jurisdiction {jurisdiction} already has a device '{code}'."));
        }

        var commune = await CommuneAsync(jurisdiction!, request.Latitude!.Value, request.Longitude!.Value, cancellationToken);
        var (device, token) = Device.Register(jurisdiction!, code, request.Name!, request.Type!, request.Latitude.Value, request.Longitude.Value, commune, request.OwnerAgency!, clock);
        db.Devices.Add(device);
        await db.SaveChangesAsync(cancellationToken);
        return (new DeviceWithToken(device.ToItem(null), token, DeviceMapping.TopicOf(device)), errors);
    }

    public async Task<(Device? Device, FieldErrors Errors)> UpdateAsync(ClaimsPrincipal? actor, long id, UpdateDeviceRequest request, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var device = await FindAsync(actor, id, cancellationToken);
        if (device is null)
        {
            return (null, errors);
        }

        Device.Check(errors, device.Code, request.Name ?? device.Name, device.TypeCode, request.Latitude ?? device.Latitude, request.Longitude ?? device.Longitude, request.OwnerAgency ?? device.OwnerAgency);
        var status = device.Status;
        if (request.Status is not null && !DeviceMapping.TryParseStatus(request.Status, out status))
        {
            errors.Add("status", "The status is active, maintenance or retired.");
        }

        if (!errors.IsEmpty)
        {
            return (device, errors);
        }

        var latitude = request.Latitude ?? device.Latitude;
        var longitude = request.Longitude ?? device.Longitude;
        var commune = latitude == device.Latitude && longitude == device.Longitude
            ? device.CommuneCode
            : await CommuneAsync(device.JurisdictionCode, latitude, longitude, cancellationToken);
        device.Update(request.Name ?? device.Name, latitude, longitude, commune, request.OwnerAgency ?? device.OwnerAgency, status, clock);
        await db.SaveChangesAsync(cancellationToken);
        directory.Forget(device.Id);
        return (device, errors);
    }

    /// <summary>A new token for the device; the old one stops working at once on this node, within seconds on the others.</summary>
    public async Task<DeviceWithToken?> IssueTokenAsync(ClaimsPrincipal? actor, long id, CancellationToken cancellationToken)
    {
        var device = await FindAsync(actor, id, cancellationToken);
        if (device is null)
        {
            return null;
        }

        var token = device.IssueToken(clock);
        await db.SaveChangesAsync(cancellationToken);
        directory.Forget(device.Id);
        return new DeviceWithToken(device.ToItem(null), token, DeviceMapping.TopicOf(device));
    }

    public async Task<bool> RevokeTokenAsync(ClaimsPrincipal? actor, long id, CancellationToken cancellationToken)
    {
        var device = await FindAsync(actor, id, cancellationToken);
        if (device is null)
        {
            return false;
        }

        device.RevokeToken(clock);
        await db.SaveChangesAsync(cancellationToken);
        directory.Forget(device.Id);
        return true;
    }

    /// <summary>The device if the actor may see it; another jurisdiction's device is "not found", never "forbidden" (it says nothing).</summary>
    public async Task<Device?> FindAsync(ClaimsPrincipal? actor, long id, CancellationToken cancellationToken)
    {
        var device = await db.Devices.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        return device is not null && (actor is null || ActorScope.CanAccess(actor, device.JurisdictionCode)) ? device : null;
    }

    private async Task<string?> CommuneAsync(string jurisdiction, double latitude, double longitude, CancellationToken cancellationToken)
    {
        var unit = await adminUnits.LocateAsync(latitude, longitude, at: null, cancellationToken);
        return unit is not null && unit.JurisdictionCode == jurisdiction ? unit.Code : null;
    }

    private static string? JurisdictionFor(ClaimsPrincipal? actor, string? requested, FieldErrors errors)
    {
        var own = actor is null ? null : ActorScope.JurisdictionOf(actor);
        if (actor is not null && !ActorScope.IsInstallationAdministrator(actor))
        {
            if (!string.IsNullOrWhiteSpace(requested) && requested.Trim() != own)
            {
                errors.Add("jurisdiction", "You register devices of your own jurisdiction only.");
            }

            return own;
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            errors.Add("jurisdiction", "Name the jurisdiction of the device.");
            return null;
        }

        return requested.Trim();
    }
}
