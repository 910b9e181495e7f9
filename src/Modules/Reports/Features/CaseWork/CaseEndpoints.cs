using System.Globalization;
using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Auth;
using Mekong.Platform.Errors;
using Mekong.Platform.Paging;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// The officers' API under <c>/api/v1/reports</c>: the queue, a report's full record, and every case action. Policy
/// Officer; within it, a DepartmentOfficer acts on their own units' reports only (403), another jurisdiction's or a
/// missing report is a 404, a move the workflow refuses a 409, bad input a 400 naming each field.
/// </summary>
internal static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseWork(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/reports").WithTags("Reports: case work").RequireAuthorization(Policies.Officer)
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        api.MapGet("/queue", List).WithName("ListReportQueue");
        api.MapGet("/queue/{id:long}", Get).WithName("GetReportCase").ProducesProblem(StatusCodes.Status404NotFound);
        Action(api.MapPost("/{id:long}/acknowledge", (long id, StatusShortcut body, ClaimsPrincipal user, ChangeStatusHandler h, QueueQueries q, CancellationToken ct) =>
            Status(id, body.As(ReportStatus.Acknowledged), user, h, q, ct)).WithName("AcknowledgeReport"));
        Action(api.MapPost("/{id:long}/start", (long id, StatusShortcut body, ClaimsPrincipal user, ChangeStatusHandler h, QueueQueries q, CancellationToken ct) =>
            Status(id, body.As(ReportStatus.InProgress), user, h, q, ct)).WithName("StartWorkOnReport"));
        Action(api.MapPost("/{id:long}/resolve", (long id, StatusShortcut body, ClaimsPrincipal user, ChangeStatusHandler h, QueueQueries q, CancellationToken ct) =>
            Status(id, body.As(ReportStatus.Resolved), user, h, q, ct)).WithName("ResolveReport"));
        Action(api.MapPost("/{id:long}/close", (long id, StatusShortcut body, ClaimsPrincipal user, ChangeStatusHandler h, QueueQueries q, CancellationToken ct) =>
            Status(id, body.As(ReportStatus.Closed), user, h, q, ct)).WithName("CloseReport"));
        Action(api.MapPost("/{id:long}/reject", (long id, StatusShortcut body, ClaimsPrincipal user, ChangeStatusHandler h, QueueQueries q, CancellationToken ct) =>
            Status(id, body.As(ReportStatus.Rejected), user, h, q, ct)).WithName("RejectReport"));
        Action(api.MapPost("/{id:long}/status", Status).WithName("ChangeReportStatus"));
        Action(api.MapPost("/{id:long}/assign", Assign).WithName("AssignReport"));
        Action(api.MapPost("/{id:long}/notes", Note).WithName("AddReportNote"));
        Action(api.MapPost("/{id:long}/merge", Merge).WithName("MergeReport"));
        api.MapPost("/bulk", Bulk).WithName("BulkReportAction");
        return app;
    }

    /// <summary>The body of a shortcut: the state is in the path.</summary>
    internal sealed record StatusShortcut(string? PublicMessage, string? InternalNote)
    {
        public ChangeStatusRequest As(ReportStatus status) => new(status.Code(), PublicMessage, InternalNote);
    }

    private static RouteHandlerBuilder Action(RouteHandlerBuilder builder) => builder
        .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);

    private static bool English => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en";

    private static async Task<Results<Ok<PagedList<QueueItem>>, ValidationProblem>> List(
        string? unit, string? status, string? category, string? commune, bool? overdue, string? q, int? page, int? pageSize,
        HttpRequest request, ClaimsPrincipal user, QueueQueries queries, CancellationToken cancellationToken)
    {
        var (list, errors) = await queries.ListAsync(new QueueFilter(unit, status, category, commune, overdue, q, page, pageSize), user, English,
            next => NextPage(request, next), cancellationToken);
        return list is null ? Invalid(errors) : TypedResults.Ok(list);
    }

    private static async Task<Ok<CaseRecord>> Get(long id, ClaimsPrincipal user, QueueQueries queries, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queries.GetAsync(id, user, English, cancellationToken));

    private static async Task<Results<Ok<CaseRecord>, ValidationProblem>> Status(long id, ChangeStatusRequest body, ClaimsPrincipal user, ChangeStatusHandler handler, QueueQueries queries, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(id, body, user, cancellationToken), queries, cancellationToken);

    private static async Task<Results<Ok<CaseRecord>, ValidationProblem>> Assign(long id, AssignRequest body, ClaimsPrincipal user, AssignReportHandler handler, QueueQueries queries, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(id, body, user, cancellationToken), queries, cancellationToken);

    private static async Task<Results<Ok<CaseRecord>, ValidationProblem>> Note(long id, AddNoteRequest body, ClaimsPrincipal user, AddNoteHandler handler, QueueQueries queries, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(id, body, user, cancellationToken), queries, cancellationToken);

    private static async Task<Results<Ok<CaseRecord>, ValidationProblem>> Merge(long id, MergeRequest body, ClaimsPrincipal user, MergeReportsHandler handler, QueueQueries queries, CancellationToken cancellationToken) =>
        await Answer(await handler.HandleAsync(id, body, user, cancellationToken), queries, cancellationToken);

    private static async Task<Results<Ok<BulkResponse>, ValidationProblem>> Bulk(BulkRequest body, ClaimsPrincipal user, BulkActionHandler handler, CancellationToken cancellationToken)
    {
        var (response, errors) = await handler.HandleAsync(body, user, cancellationToken);
        return response is null ? Invalid(errors) : TypedResults.Ok(response);
    }

    private static async Task<Results<Ok<CaseRecord>, ValidationProblem>> Answer((Report? Report, FieldErrors Errors) outcome, QueueQueries queries, CancellationToken cancellationToken)
    {
        if (outcome.Report is not { } report)
        {
            return Invalid(outcome.Errors);
        }

        return TypedResults.Ok(await queries.RecordOfAsync(report, English, cancellationToken));
    }

    private static ValidationProblem Invalid(FieldErrors errors) => TypedResults.ValidationProblem(errors.ToDictionary(), type: ProblemTypes.Validation);

    private static string NextPage(HttpRequest request, int page)
    {
        var query = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => !string.Equals(q.Key, "page", StringComparison.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new KeyValuePair<string, string?>("page", page.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString(request.PathBase + request.Path, query);
    }
}
