using System.Security.Claims;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Registry;

/// <summary>Registers and changes cameras: the one path the API, the import and the command line share.</summary>
internal sealed class CameraRegistry(CamerasDbContext db, IAdminUnitDirectory adminUnits, ISecretProtector secrets, TimeProvider clock)
{
    /// <summary>The jurisdiction an actor writes in: its own, or the one an installation administrator (or the CLI) names.</summary>
    public static string? JurisdictionFor(ClaimsPrincipal? actor, string? requested, FieldErrors errors)
    {
        if (ActorScope.IsConfined(actor, out var own))
        {
            if (own is null)
            {
                errors.Add("jurisdiction", "Your account has no jurisdiction: it cannot register cameras.");
            }
            else if (requested is not null && requested != own)
            {
                errors.Add("jurisdiction", $"You register cameras in jurisdiction {own} only.");
            }

            return own;
        }

        if (string.IsNullOrWhiteSpace(requested))
        {
            errors.Add("jurisdiction", "jurisdiction is required: the code of the province the camera belongs to.");
            return null;
        }

        return requested.Trim();
    }

    /// <summary>Checks the credentials pair: both or neither, a user name without ':' (RTSP Basic splits on it).</summary>
    public static void CheckCredentials(CameraInput input, FieldErrors errors)
    {
        var hasUser = !string.IsNullOrEmpty(input.Username);
        var hasPassword = !string.IsNullOrEmpty(input.Password);
        if (hasUser != hasPassword)
        {
            errors.Add(hasUser ? "password" : "username", "username and password are given together, or neither.");
        }
        else if (hasUser && (input.Username!.Contains(':', StringComparison.Ordinal) || input.Username.Length > 100 || input.Password!.Length > 200))
        {
            errors.Add("username", "username has no ':' and at most 100 characters; password at most 200.");
        }
    }

    public async Task<(CameraResponse? Camera, FieldErrors Errors)> CreateAsync(CameraInput input, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var jurisdiction = JurisdictionFor(actor, CameraInput.Blank(input.Jurisdiction), errors);
        var details = input.ToDetails();
        Validate(details, input, errors);
        if (!errors.IsEmpty || jurisdiction is null)
        {
            return (null, errors);
        }

        if (await db.Cameras.AnyAsync(c => c.JurisdictionCode == jurisdiction && c.Code == details.Code.Trim(), cancellationToken))
        {
            errors.Add("code", $"A camera with code '{details.Code.Trim()}' is already registered in jurisdiction {jurisdiction}.");
            return (null, errors);
        }

        var commune = await CommuneAsync(details, cancellationToken);
        var camera = Camera.Register(jurisdiction, details, commune, input.Credentials()?.Protect(secrets), clock);
        db.Cameras.Add(camera);
        await db.SaveChangesAsync(cancellationToken);
        return (CameraResponse.Of(camera), errors);
    }

    public async Task<(CameraResponse? Camera, FieldErrors Errors)> UpdateAsync(Guid id, CameraInput input, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var camera = await FindAsync(id, actor, cancellationToken);
        var errors = new FieldErrors();
        var details = input.ToDetails();
        Validate(details, input, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        if (await db.Cameras.AnyAsync(c => c.JurisdictionCode == camera.JurisdictionCode && c.Code == details.Code.Trim() && c.Id != id, cancellationToken))
        {
            errors.Add("code", $"Another camera has code '{details.Code.Trim()}' in jurisdiction {camera.JurisdictionCode}.");
            return (null, errors);
        }

        camera.Update(details, await CommuneAsync(details, cancellationToken), input.Credentials()?.Protect(secrets), clock);
        await db.SaveChangesAsync(cancellationToken);
        return (CameraResponse.Of(camera), errors);
    }

    public async Task DeleteAsync(Guid id, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var camera = await FindAsync(id, actor, cancellationToken);
        db.Cameras.Remove(camera);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The camera, if the actor may see it; otherwise a 404 (another jurisdiction's camera is not told apart from none).</summary>
    public async Task<Camera> FindAsync(Guid id, ClaimsPrincipal? actor, CancellationToken cancellationToken)
    {
        var camera = await db.Cameras.FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
        if (camera is null || (ActorScope.IsConfined(actor, out var own) && camera.JurisdictionCode != own))
        {
            throw DomainException.NotFound($"No camera {id}.");
        }

        return camera;
    }

    public async Task<string?> CommuneAsync(CameraDetails details, CancellationToken cancellationToken)
    {
        var unit = await adminUnits.LocateAsync(details.Latitude, details.Longitude, at: null, cancellationToken);
        return unit is { Level: "commune" } ? unit.Code : null;
    }

    private static void Validate(CameraDetails details, CameraInput input, FieldErrors errors)
    {
        foreach (var error in details.Validate())
        {
            errors.Add(error.Field, error.Message);
        }

        CheckCredentials(input, errors);
    }
}
