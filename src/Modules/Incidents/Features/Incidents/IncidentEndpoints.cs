using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Configuration;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mekong.Modules.Incidents.Features.Incidents;

/// <summary>
/// Incidents under <c>/api/v1/incidents</c>, for the operations centre (policy Operator): the list in the foundation's
/// list form (filters status, type, severity, commune; keyset cursor), one incident with its checklist and timeline,
/// open, change, notes, checklist steps, close; and the incidents layer of the /ops map.
/// </summary>
internal static class IncidentEndpoints
{
    public const string LayerId = "incidents.incidents";
    public const string LayerUrl = "/api/v1/incidents/map.geojson";

    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/incidents").WithTags("Incidents").RequireAuthorization(Policies.Operator);
        group.MapGet(string.Empty, List).WithName("ListIncidents");
        group.MapPost(string.Empty, Create).WithName("OpenIncident");
        group.MapGet("/map.geojson", Map).WithName("IncidentsMap");
        group.MapGet("/{id:guid}", Get).WithName("GetIncident");
        group.MapPatch("/{id:guid}", Update).WithName("UpdateIncident");
        group.MapPost("/{id:guid}/notes", (Guid id, NoteRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, IncidentsDbContext db, CancellationToken ct) =>
            Change(id, jurisdiction, actor, work, clock, db, i => work.NoteAsync(i, body?.Text, Actors.Name(actor), ct), ct)).WithName("AddIncidentNote");
        group.MapPost("/{id:guid}/steps/{number:int}", (Guid id, int number, StepRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, IncidentsDbContext db, CancellationToken ct) =>
            Change(id, jurisdiction, actor, work, clock, db, i => work.StepAsync(i, number, body, Actors.Name(actor), ct), ct)).WithName("MarkIncidentStep");
        group.MapPost("/{id:guid}/close", (Guid id, CloseRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, IncidentsDbContext db, CancellationToken ct) =>
            Change(id, jurisdiction, actor, work, clock, db, i => work.CloseAsync(i, body?.Report, Actors.Name(actor), ct), ct)).WithName("CloseIncident");
    }

    private static async Task<Results<Ok<PagedList<IncidentSummaryDto>>, ValidationProblem, ForbidHttpResult>> List(
        string? jurisdiction, string? status, string? type, string? severity, string? commune, PageLimit? limit, string? cursor,
        HttpRequest request, ClaimsPrincipal actor, IncidentsDbContext db, TimeProvider clock, IOptions<MekongOptions> mekong, CancellationToken cancellationToken)
    {
        // An installation administrator who names no jurisdiction sees every jurisdiction's incidents, as on the other layers.
        var j = ActorScope.WorkingJurisdiction(actor, jurisdiction);
        if (j is null && !ActorScope.IsInstallationAdministrator(actor))
        {
            return TypedResults.Forbid();
        }

        var errors = new FieldErrors();
        var take = errors.Limit(limit);
        var after = errors.Cursor(cursor);
        var query = db.Incidents.AsNoTracking();
        if (j is not null)
        {
            query = query.Where(i => i.JurisdictionCode == j);
        }

        switch (status?.Trim().ToLowerInvariant())
        {
            case null or "":
                break;
            case "active":
                query = query.Where(i => i.Status != IncidentStatus.Closed);
                break;
            case "open":
                query = query.Where(i => i.Status == IncidentStatus.Open);
                break;
            case "monitoring":
                query = query.Where(i => i.Status == IncidentStatus.Monitoring);
                break;
            case "closed":
                query = query.Where(i => i.Status == IncidentStatus.Closed);
                break;
            default:
                errors.Add("status", "status is active, open, monitoring or closed.");
                break;
        }

        if (!string.IsNullOrWhiteSpace(type))
        {
            var code = type.Trim();
            query = query.Where(i => i.TypeCode == code);
        }

        if (!string.IsNullOrWhiteSpace(severity))
        {
            if (Cap.Normalize(severity, Cap.IncidentSeverities) is { } s)
            {
                query = query.Where(i => i.Severity == s);
            }
            else
            {
                errors.Add("severity", $"severity is one of {string.Join(", ", Cap.IncidentSeverities)}.");
            }
        }

        if (!string.IsNullOrWhiteSpace(commune))
        {
            if (commune.Trim() is { Length: <= 20 } c && c.All(char.IsAsciiLetterOrDigit))
            {
                var pattern = CommuneKeys.Pattern(c);
                query = query.Where(i => EF.Functions.Like(i.CommuneKey, pattern));
            }
            else
            {
                errors.Add("commune", "commune is a commune's code.");
            }
        }

        (DateTimeOffset At, Guid Id)? last = null;
        if (after is not null)
        {
            var parts = after.Split('|');
            if (parts.Length == 2 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) && Guid.TryParse(parts[1], out var lastId))
            {
                last = (new DateTimeOffset(ticks, TimeSpan.Zero), lastId);
            }
            else
            {
                errors.Add("cursor", "cursor is not one this server handed out; follow the 'next' link as given.");
            }
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var total = await query.CountAsync(cancellationToken);
        var page = query;
        if (last is { } l)
        {
            page = page.Where(i => i.OpenedAt <= l.At);
        }

        // Newest first; ties on the opening time are ordered by id here (ids compare differently in each database).
        var rows = (await page.OrderByDescending(i => i.OpenedAt).Take(take + 1 + (last is null ? 0 : 50)).ToListAsync(cancellationToken))
            .OrderByDescending(i => i.OpenedAt).ThenByDescending(i => i.Id)
            .Where(i => last is not { } k || i.OpenedAt < k.At || i.Id.CompareTo(k.Id) < 0)
            .ToList();
        var now = clock.GetUtcNow();
        var items = rows.Take(take).Select(i => IncidentSummaryDto.From(i, now)).ToList();
        var next = rows.Count > take
            ? KeysetCursor.NextUrl(request, $"{items[^1].OpenedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{items[^1].Id}", mekong.Value.PublicBaseUrl)
            : null;
        return TypedResults.Ok(new PagedList<IncidentSummaryDto>(items, total, next));
    }

    private static async Task<Results<Ok<IncidentDto>, ProblemHttpResult, ForbidHttpResult>> Get(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.JurisdictionCode == j, cancellationToken);
        if (incident is null)
        {
            return NotFound(id);
        }

        var timeline = await db.Timeline.AsNoTracking().Where(e => e.IncidentId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(IncidentDto.From(incident, timeline, clock.GetUtcNow()));
    }

    private static async Task<Results<Created<IncidentDto>, ValidationProblem, ForbidHttpResult>> Create(
        CreateIncidentRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var outcome = await work.OpenAsync(j, body, Actors.Name(actor), cancellationToken);
        if (outcome.Incident is not { } incident)
        {
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return TypedResults.Created($"/api/v1/incidents/{incident.Id}", IncidentDto.From(incident, incident.Timeline, clock.GetUtcNow()));
    }

    private static Task<Results<Ok<IncidentDto>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Update(
        Guid id, UpdateIncidentRequest? body, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, IncidentsDbContext db, CancellationToken cancellationToken) =>
        Change(id, jurisdiction, actor, work, clock, db, i => work.ChangeAsync(i, body, Actors.Name(actor), cancellationToken), cancellationToken);

    private static async Task<Results<Ok<IncidentDto>, ValidationProblem, ProblemHttpResult, ForbidHttpResult>> Change(
        Guid id, string? jurisdiction, ClaimsPrincipal actor, IncidentWork work, TimeProvider clock, IncidentsDbContext db,
        Func<Incident, Task<IncidentOutcome>> change, CancellationToken cancellationToken)
    {
        if (ActorScope.WorkingJurisdiction(actor, jurisdiction) is not { } j)
        {
            return TypedResults.Forbid();
        }

        var incident = await work.FindAsync(j, id, cancellationToken);
        if (incident is null)
        {
            return NotFound(id);
        }

        var outcome = await change(incident);
        if (outcome.Incident is null)
        {
            return TypedResults.ValidationProblem(outcome.Errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var timeline = await db.Timeline.AsNoTracking().Where(e => e.IncidentId == id).ToListAsync(cancellationToken);
        return TypedResults.Ok(IncidentDto.From(incident, timeline, clock.GetUtcNow()));
    }

    /// <summary>The /ops layer: the jurisdiction's incidents that are not closed and have a place (or those named by <c>ids</c>).</summary>
    private static async Task<Results<ContentHttpResult, ForbidHttpResult>> Map(
        string? jurisdiction, string? ids, ClaimsPrincipal actor, IncidentsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var j = ActorScope.WorkingJurisdiction(actor, jurisdiction);
        if (j is null && !ActorScope.IsInstallationAdministrator(actor))
        {
            return TypedResults.Forbid();
        }

        var query = db.Incidents.AsNoTracking().Where(i => i.Latitude != null && i.Longitude != null);
        if (j is not null)
        {
            query = query.Where(i => i.JurisdictionCode == j);
        }

        if (!string.IsNullOrWhiteSpace(ids))
        {
            var wanted = ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(200)
                .Select(t => Guid.TryParse(t, out var g) ? g : Guid.Empty).Where(g => g != Guid.Empty).ToList();
            query = query.Where(i => wanted.Contains(i.Id) && i.Status != IncidentStatus.Closed);
        }
        else
        {
            query = query.Where(i => i.Status != IncidentStatus.Closed);
        }

        var now = clock.GetUtcNow();
        var en = CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";
        var rows = await query.OrderByDescending(i => i.OpenedAt).Take(1000).ToListAsync(cancellationToken);
        var features = rows.Select(i =>
        {
            var overdue = i.OverdueSteps(now);
            var typeName = en ? i.TypeNameEn : i.TypeNameVi;
            return new
            {
                type = "Feature",
                id = i.Id.ToString(),
                geometry = new { type = "Point", coordinates = new[] { Math.Round(i.Longitude!.Value, 6), Math.Round(i.Latitude!.Value, 6) } },
                properties = new Dictionary<string, object?>
                {
                    ["label"] = $"{typeName} · {i.Title}",
                    ["severity"] = i.Severity,
                    ["status"] = Incident.Name(i.Status),
                    ["overdue"] = overdue,
                    ["marker"] = $"incident incident-{i.Severity.ToLowerInvariant()}" + (overdue > 0 ? " incident-overdue" : string.Empty),
                    ["radius"] = 7 + (3 - Math.Min(3, Cap.Rank(i.Severity))) * 2,
                    ["popup"] = new
                    {
                        title = i.Title,
                        rows = new object[]
                        {
                            new { label = en ? "Type" : "Loại", value = typeName, mark = (string?)null },
                            new { label = en ? "Severity" : "Mức độ", value = i.Severity, mark = (string?)i.Severity.ToLowerInvariant() },
                            new { label = en ? "Overdue steps" : "Bước quá hạn", value = overdue.ToString(CultureInfo.InvariantCulture), mark = overdue > 0 ? "overdue" : null },
                        },
                        link = new { href = $"/ops/incidents/{i.Id}", text = en ? "Open the incident" : "Mở sự cố" },
                    },
                },
            };
        }).ToList();
        return TypedResults.Text(System.Text.Json.JsonSerializer.Serialize(new { type = "FeatureCollection", features }, System.Text.Json.JsonSerializerOptions.Web), "application/geo+json");
    }

    private static ProblemHttpResult NotFound(Guid id) =>
        TypedResults.Problem(type: ProblemTypes.NotFound, title: "Not found", statusCode: StatusCodes.Status404NotFound, detail: $"There is no incident {id}.");
}
