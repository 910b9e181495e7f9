using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Telemetry.Domain;
using Mekong.Modules.Telemetry.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Mekong.Platform.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Telemetry.Features.Devices;

/// <summary>
/// <c>/api/v1/devices</c>: the registry in the foundation's list form (<c>items</c>, <c>total</c>, <c>next</c>, keyset
/// by id), one device with its latest values, and for administrators registration, changes and tokens.
/// </summary>
internal static class DeviceEndpoints
{
    public static async Task<Results<Ok<PagedList<DeviceItem>>, ValidationProblem>> List(
        HttpRequest request, ClaimsPrincipal user, TelemetryDbContext db, ReadingStore store, IOptions<MekongOptions> options,
        string? jurisdiction, string? type, string? commune, string? status, string? q, PageLimit? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var pageSize = errors.Limit(limit);
        var after = errors.Cursor(cursor);
        long afterId = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterId))
        {
            errors.Add("cursor", "The cursor is not one this server made.");
        }

        var search = errors.Search("q", q, 10, 200);
        if (type is not null && DeviceTypes.Find(type) is null)
        {
            errors.Add("type", $"Type '{(type.Length > 40 ? type[..40] + "…" : type)}' is not one of {string.Join(", ", DeviceTypes.All.Select(t => t.Code))}.");
        }

        var statusValue = DeviceStatus.Active;
        if (status is not null && !DeviceMapping.TryParseStatus(status, out statusValue))
        {
            errors.Add("status", "The status is active, maintenance or retired.");
        }

        var scope = Scope(user, jurisdiction, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = db.Devices.AsNoTracking();
        if (scope is not null)
        {
            query = query.Where(d => d.JurisdictionCode == scope);
        }

        if (type is not null)
        {
            query = query.Where(d => d.TypeCode == type);
        }

        if (!string.IsNullOrWhiteSpace(commune))
        {
            query = query.Where(d => d.CommuneCode == commune.Trim());
        }

        if (status is not null)
        {
            query = query.Where(d => d.Status == statusValue);
        }

        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim();
            query = query.Where(d => d.Code.Contains(text) || d.Name.Contains(text));
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await query.Where(d => d.Id > afterId).OrderBy(d => d.Id).Take(pageSize + 1).ToListAsync(cancellationToken);
        string? next = null;
        if (page.Count > pageSize)
        {
            page.RemoveAt(page.Count - 1);
            next = KeysetCursor.NextUrl(request, page[^1].Id.ToString(CultureInfo.InvariantCulture), options.Value.PublicBaseUrl);
        }

        var seen = DeviceMapping.LastSeen(await store.LatestAsync(page.Select(d => d.Id).ToList(), cancellationToken));
        var items = page.Select(d => d.ToItem(seen.TryGetValue(d.Id, out var at) ? at : null)).ToList();
        return TypedResults.Ok(new PagedList<DeviceItem>(items, total, next));
    }

    public static async Task<Results<Ok<DeviceDetail>, ProblemHttpResult>> Get(
        long id, ClaimsPrincipal user, DeviceRegistry registry, ReadingStore store, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(user, id, cancellationToken) is not { } device)
        {
            return NotFound(id);
        }

        return TypedResults.Ok(await DetailAsync(device, store, cancellationToken));
    }

    public static async Task<DeviceDetail> DetailAsync(Device device, ReadingStore store, CancellationToken cancellationToken)
    {
        var latest = await store.LatestAsync([device.Id], cancellationToken);
        var seen = DeviceMapping.LastSeen(latest);
        return new DeviceDetail(
            device.ToItem(seen.TryGetValue(device.Id, out var at) ? at : null),
            DeviceTypeResponse.Of(device.Type),
            latest.Select(l => (Value: l, Measurement: DeviceTypes.Measurement(l.MeasurementId)))
                .Where(x => x.Measurement is not null)
                .OrderBy(x => x.Measurement!.Id)
                .Select(x => new LatestReadingResponse(x.Measurement!.Code, x.Measurement.Unit, x.Value.At, x.Value.Value))
                .ToList());
    }

    public static Ok<IReadOnlyList<DeviceTypeResponse>> Types() =>
        TypedResults.Ok<IReadOnlyList<DeviceTypeResponse>>(DeviceTypes.All.Select(DeviceTypeResponse.Of).ToList());

    public static async Task<Results<Created<DeviceWithToken>, ValidationProblem>> Register(
        RegisterDeviceRequest request, ClaimsPrincipal user, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        var (created, errors) = await registry.RegisterAsync(user, request, cancellationToken);
        if (created is null)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return TypedResults.Created($"/api/v1/devices/{created.Device.Id}", created);
    }

    public static async Task<Results<Ok<DeviceItem>, ValidationProblem, ProblemHttpResult>> Update(
        long id, UpdateDeviceRequest request, ClaimsPrincipal user, DeviceRegistry registry, CancellationToken cancellationToken)
    {
        var (device, errors) = await registry.UpdateAsync(user, id, request, cancellationToken);
        if (device is null)
        {
            return NotFound(id);
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return TypedResults.Ok(device.ToItem(null));
    }

    public static async Task<Results<Ok<DeviceWithToken>, ProblemHttpResult>> IssueToken(
        long id, ClaimsPrincipal user, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.IssueTokenAsync(user, id, cancellationToken) is { } issued ? TypedResults.Ok(issued) : NotFound(id);

    public static async Task<Results<NoContent, ProblemHttpResult>> RevokeToken(
        long id, ClaimsPrincipal user, DeviceRegistry registry, CancellationToken cancellationToken) =>
        await registry.RevokeTokenAsync(user, id, cancellationToken) ? TypedResults.NoContent() : NotFound(id);

    public static ProblemHttpResult NotFound(long id) => Problem.NotFound("Device not found", $"There is no device {id} you may see.");

    /// <summary>The jurisdiction a list is confined to: the caller's own, or for an installation administrator the one asked (null: all).</summary>
    public static string? Scope(ClaimsPrincipal user, string? jurisdiction, FieldErrors errors)
    {
        if (ActorScope.IsInstallationAdministrator(user))
        {
            return string.IsNullOrWhiteSpace(jurisdiction) ? null : jurisdiction.Trim();
        }

        var own = ActorScope.JurisdictionOf(user);
        if (!string.IsNullOrWhiteSpace(jurisdiction) && jurisdiction.Trim() != own)
        {
            errors.Add("jurisdiction", "You see the devices of your own jurisdiction only.");
        }

        return own ?? "\0none";
    }
}
