using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Cameras.Domain;
using Mekong.Modules.Cameras.Storage;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Files;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Cameras.Features.Maintenance;

internal sealed record TicketEventResponse(string Kind, string? Actor, DateTimeOffset At, string? Note);

internal sealed record TicketResponse(
    Guid Id, string Number, string Jurisdiction, Guid CameraId, string CameraCode, string CameraName, string? Contractor, bool ContractorNotified,
    string State, string? Fault, DateTimeOffset OutageStartedAt, DateTimeOffset OpenedAt, DateTimeOffset? AcknowledgedAt, string? AcknowledgedBy,
    DateTimeOffset? ClosedAt, string? ClosedBy, DateTimeOffset? RestoredAt, long? DowntimeSeconds, int Reminders, bool HasSnapshot, DateTimeOffset? SnapshotAt,
    IReadOnlyList<TicketEventResponse>? History)
{
    public static TicketResponse Of(MaintenanceTicket t, bool history) => new(
        t.Id, t.Number, t.JurisdictionCode, t.CameraId, t.CameraCode, t.CameraName, t.Contractor, t.ContractorEmail is not null,
        MaintenanceTicket.Name(t.State), t.Fault == CameraFault.None ? null : CameraFaults.Name(t.Fault), t.OutageStartedAt, t.OpenedAt, t.AcknowledgedAt, t.AcknowledgedBy,
        t.ClosedAt, t.ClosedBy, t.RestoredAt, t.DowntimeSeconds, t.Reminders, t.SnapshotHash is not null, t.SnapshotAt,
        history ? t.Events.OrderBy(e => e.At).ThenBy(e => e.Id).Select(e => new TicketEventResponse(e.Kind, e.Actor, e.At, e.Note)).ToList() : null);
}

internal sealed record TicketActionRequest(string? Note);

/// <summary>
/// <c>/api/v1/cameras/tickets</c> (ADR 0039): operators list and read maintenance tickets, acknowledge, annotate and
/// close them by hand (each change recorded with who and when); the ticket's snapshot for operators, and through the
/// secret link of the contractor's e-mail (the contractor has no account).
/// </summary>
internal static class TicketEndpoints
{
    public const int MaxLimit = 500;

    public static RouteGroupBuilder MapTickets(this RouteGroupBuilder api)
    {
        var tickets = api.MapGroup("/tickets");
        tickets.MapGet("/", List).RequireAuthorization(Policies.Operator).WithName("ListCameraTickets").ProducesValidationProblem();
        tickets.MapGet("/{id:guid}", Get).RequireAuthorization(Policies.Operator).WithName("GetCameraTicket").ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapPost("/{id:guid}/acknowledge", Acknowledge).RequireAuthorization(Policies.Operator).WithName("AcknowledgeCameraTicket")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapPost("/{id:guid}/notes", Annotate).RequireAuthorization(Policies.Operator).WithName("AnnotateCameraTicket")
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
        tickets.MapPost("/{id:guid}/close", Close).RequireAuthorization(Policies.Operator).WithName("CloseCameraTicket")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        tickets.MapGet("/{id:guid}/snapshot", Snapshot).RequireAuthorization(Policies.Operator).WithName("CameraTicketSnapshot").ProducesProblem(StatusCodes.Status404NotFound);
        // The contractor's link: no account, so the secret in the URL is the permission (its SHA-256 is on the ticket).
        tickets.MapGet("/{id:guid}/snapshot/{token}", SharedSnapshot).AllowAnonymous().WithName("CameraTicketSharedSnapshot").ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Results<Ok<PagedList<TicketResponse>>, ValidationProblem>> List(
        HttpRequest request, ClaimsPrincipal user, CamerasDbContext db, string? state, string? contractor, Guid? camera, PageLimit? limit, string? cursor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var take = Math.Min(errors.Limit(limit), MaxLimit);
        var after = errors.Cursor(cursor);
        var offset = 0;
        if (after is not null && !int.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out offset))
        {
            errors.Add("cursor", "The cursor is not one this list gave.");
        }

        var states = new List<TicketState>();
        switch (state?.Trim().ToLowerInvariant())
        {
            case null or "" or "active":
                states.AddRange([TicketState.Open, TicketState.Acknowledged]);
                break;
            case "all":
                states.AddRange(Enum.GetValues<TicketState>());
                break;
            default:
                if (MaintenanceTicket.TryParseState(state.Trim(), out var one))
                {
                    states.Add(one);
                }
                else
                {
                    errors.Add("state", "state is active (open or acknowledged, the default), open, acknowledged, closed or all.");
                }

                break;
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        var query = Visible(db, user).Where(t => states.Contains(t.State));
        if (!string.IsNullOrWhiteSpace(contractor))
        {
            var name = contractor.Trim();
            query = query.Where(t => t.Contractor == name);
        }

        if (camera is { } cameraId)
        {
            query = query.Where(t => t.CameraId == cameraId);
        }

        var total = await query.CountAsync(cancellationToken);
        var page = await query.OrderByDescending(t => t.OpenedAt).ThenBy(t => t.Id).Skip(offset).Take(take + 1).ToListAsync(cancellationToken);
        var next = page.Count > take ? KeysetCursor.NextUrl(request, (offset + take).ToString(CultureInfo.InvariantCulture)) : null;
        return TypedResults.Ok(new PagedList<TicketResponse>(page.Take(take).Select(t => TicketResponse.Of(t, history: false)).ToList(), total, next));
    }

    private static async Task<Ok<TicketResponse>> Get(Guid id, ClaimsPrincipal user, CamerasDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(TicketResponse.Of(await FindAsync(db, id, user, cancellationToken), history: true));

    private static Task<Ok<TicketResponse>> Acknowledge(Guid id, TicketActionRequest? body, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ActAsync(db, id, user, t => t.Acknowledge(ActorName(user), Note(body?.Note), clock.GetUtcNow()), cancellationToken);

    private static async Task<Results<Ok<TicketResponse>, ValidationProblem>> Annotate(
        Guid id, TicketActionRequest? body, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Note(body?.Note) is not { } note)
        {
            var errors = new FieldErrors().Add("note", $"note is required: 1 to {MaintenanceTicket.NoteMaxLength} characters.");
            return TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);
        }

        return await ActAsync(db, id, user, t => t.Annotate(ActorName(user), note, clock.GetUtcNow()), cancellationToken);
    }

    private static Task<Ok<TicketResponse>> Close(Guid id, TicketActionRequest? body, ClaimsPrincipal user, CamerasDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        ActAsync(db, id, user, t => t.CloseByHand(ActorName(user), Note(body?.Note), clock.GetUtcNow()), cancellationToken);

    private static async Task<IResult> Snapshot(Guid id, ClaimsPrincipal user, CamerasDbContext db, IFileStore files, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, user, cancellationToken);
        return ticket.SnapshotHash is { } hash
            ? await FileResults.ServeAsync(files, MaintenanceJob.TicketOwner(ticket.Id), hash, cancellationToken)
            : throw DomainException.NotFound($"Ticket {ticket.Number} has no snapshot.");
    }

    private static async Task<IResult> SharedSnapshot(Guid id, string token, CamerasDbContext db, IFileStore files, CancellationToken cancellationToken)
    {
        var ticket = token.Length is > 10 and < 100 ? await db.Tickets.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, cancellationToken) : null;
        if (ticket?.SnapshotHash is not { } hash || ticket.SnapshotTokenHash is not { } expected
            || !System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Convert.FromHexString(expected), Convert.FromHexString(MaintenanceJob.Hash(token))))
        {
            throw DomainException.NotFound("No such picture.");
        }

        return await FileResults.ServeAsync(files, MaintenanceJob.TicketOwner(ticket.Id), hash, cancellationToken);
    }

    private static async Task<Ok<TicketResponse>> ActAsync(CamerasDbContext db, Guid id, ClaimsPrincipal user, Action<MaintenanceTicket> act, CancellationToken cancellationToken)
    {
        var ticket = await FindAsync(db, id, user, cancellationToken, tracked: true);
        var before = ticket.Events.Count;
        act(ticket);
        foreach (var e in ticket.Events.Skip(before))
        {
            db.TicketEvents.Add(e);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(TicketResponse.Of(ticket, history: true));
    }

    public static IQueryable<MaintenanceTicket> Visible(CamerasDbContext db, ClaimsPrincipal user) =>
        ActorScope.IsConfined(user, out var own) ? db.Tickets.Where(t => t.JurisdictionCode == own) : db.Tickets;

    private static async Task<MaintenanceTicket> FindAsync(CamerasDbContext db, Guid id, ClaimsPrincipal user, CancellationToken cancellationToken, bool tracked = false)
    {
        IQueryable<MaintenanceTicket> query = Visible(db, user).Include(t => t.Events);
        return await (tracked ? query : query.AsNoTracking()).FirstOrDefaultAsync(t => t.Id == id, cancellationToken)
            ?? throw DomainException.NotFound($"No maintenance ticket {id}.");
    }

    private static string? Note(string? note) =>
        string.IsNullOrWhiteSpace(note) ? null : note.Trim() is { Length: > MaintenanceTicket.NoteMaxLength } n ? n[..MaintenanceTicket.NoteMaxLength] : note.Trim();

    public static string ActorName(ClaimsPrincipal user)
    {
        var name = user.FindFirstValue(MekongClaims.DisplayName) ?? user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "?";
        return name.Length > 200 ? name[..200] : name;
    }
}
