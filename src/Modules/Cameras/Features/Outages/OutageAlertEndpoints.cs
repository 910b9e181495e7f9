using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Features.Maintenance;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Outages;

internal sealed record OutageAlertResponse(
    Guid Id, string Jurisdiction, string Kind, string Key, string State, int Offline, int Cameras, IReadOnlyList<string> Codes,
    DateTimeOffset RaisedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy, DateTimeOffset? ResolvedAt)
{
    public static OutageAlertResponse Of(OutageAlert a) => new(
        a.Id, a.JurisdictionCode, a.Kind, a.Key, a.State.ToString().ToLowerInvariant(), a.Offline, a.Cameras, a.Codes.Take(50).ToList(),
        a.RaisedAt, a.AcknowledgedAt, a.AcknowledgedBy, a.ResolvedAt);
}

internal sealed record OutageAlertList(IReadOnlyList<OutageAlertResponse> Items, int Total);

/// <summary><c>/api/v1/cameras/outages</c> (ADR 0039): the stored grouped outages, for operators, who acknowledge them on the /ops card.</summary>
internal static class OutageAlertEndpoints
{
    public const int MaxListed = 100;

    public static RouteGroupBuilder MapOutageAlerts(this RouteGroupBuilder api)
    {
        api.MapGet("/outages", List).RequireAuthorization(Policies.Operator).WithName("ListCameraOutages").ProducesValidationProblem();
        api.MapPost("/outages/{id:guid}/acknowledge", Acknowledge).RequireAuthorization(Policies.Operator).WithName("AcknowledgeCameraOutage")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    public static IQueryable<OutageAlert> Visible(CamerasDbContext db, ClaimsPrincipal user) =>
        ActorScope.IsConfined(user, out var own) ? db.OutageAlerts.Where(a => a.JurisdictionCode == own) : db.OutageAlerts;

    /// <summary>The active ones (open or acknowledged), newest first: the card's list.</summary>
    public static async Task<OutageAlertList> ActiveAsync(CamerasDbContext db, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var query = Visible(db, user).AsNoTracking().Where(a => a.State != OutageAlertState.Resolved);
        var items = await query.OrderByDescending(a => a.RaisedAt).Take(MaxListed).ToListAsync(cancellationToken);
        return new OutageAlertList(items.Select(OutageAlertResponse.Of).ToList(), await query.CountAsync(cancellationToken));
    }

    private static async Task<Results<Ok<OutageAlertList>, ValidationProblem>> List(ClaimsPrincipal user, CamerasDbContext db, string? state, CancellationToken cancellationToken)
    {
        switch (state?.Trim().ToLowerInvariant())
        {
            case null or "" or "active":
                return TypedResults.Ok(await ActiveAsync(db, user, cancellationToken));
            case "all":
                var query = Visible(db, user).AsNoTracking();
                var items = await query.OrderByDescending(a => a.RaisedAt).Take(MaxListed).ToListAsync(cancellationToken);
                return TypedResults.Ok(new OutageAlertList(items.Select(OutageAlertResponse.Of).ToList(), await query.CountAsync(cancellationToken)));
            default:
                return TypedResults.ValidationProblem(new FieldErrors().Add("state", "state is active (the default) or all.").ToDictionary(), type: ProblemTypes.Validation);
        }
    }

    private static async Task<Ok<OutageAlertResponse>> Acknowledge(Guid id, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alert = await Visible(db, user).FirstOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw DomainException.NotFound($"No outage alert {id}.");
        alert.Acknowledge(TicketEndpoints.ActorName(user), clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(OutageAlertResponse.Of(alert));
    }
}
