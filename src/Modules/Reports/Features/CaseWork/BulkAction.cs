using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// One action over a selection: assign, a status change, or merge every selected report into one. Each report is its
/// own unit of work (a scope and a DbContext of its own): it is changed entirely or not at all, and its result says
/// which — one report refused never leaves another half-written, nor stops the rest.
/// </summary>
internal sealed class BulkActionHandler(CaseStore store, IServiceScopeFactory scopes)
{
    public const int MaxReports = 200;

    public async Task<(BulkResponse? Response, FieldErrors Errors)> HandleAsync(BulkRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var ids = request.Ids?.Distinct().ToList() ?? [];
        if (ids.Count is 0 or > MaxReports || ids.Any(i => i <= 0))
        {
            errors.Add("ids", $"ids lists 1 to {MaxReports} report numbers.");
        }

        var action = request.Action?.Trim().ToLowerInvariant();
        if (action is not ("assign" or "status" or "merge"))
        {
            errors.Add("action", "action is assign, status or merge.");
        }
        else if (action == "merge" && request.IntoId is not > 0)
        {
            errors.Add("intoId", "A merge names the report the others repeat (intoId).");
        }
        else if (action == "status" && (!CaseMapping.TryParseStatus(request.Status, out var s) || s is ReportStatus.Received or ReportStatus.Assigned or ReportStatus.Duplicate))
        {
            errors.Add("status", "status is one of acknowledged, in_progress, resolved, closed, rejected, reopened.");
        }
        else if (action == "assign" && !CaseMapping.TryParseKind(request.UnitKind, out _))
        {
            errors.Add("unitKind", "unitKind is department, commune or outside_body.");
        }

        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var scope = await store.ScopeAsync(user, cancellationToken);
        var results = new List<BulkItemResult>();
        foreach (var id in action == "merge" ? ids.Where(i => i != request.IntoId) : ids)
        {
            await using var unit = scopes.CreateAsyncScope();
            var services = unit.ServiceProvider;
            try
            {
                var (report, itemErrors) = action switch
                {
                    "assign" => await services.GetRequiredService<AssignReportHandler>().HandleAsync(id, new AssignRequest(request.UnitKind, request.UnitCode, request.PublicMessage, request.InternalNote), scope, cancellationToken),
                    "status" => await services.GetRequiredService<ChangeStatusHandler>().HandleAsync(id, new ChangeStatusRequest(request.Status, request.PublicMessage, request.InternalNote), scope, cancellationToken),
                    _ => await services.GetRequiredService<MergeReportsHandler>().HandleAsync(id, new MergeRequest(request.IntoId, request.PublicMessage, request.InternalNote), scope, cancellationToken),
                };
                results.Add(report is null
                    ? new BulkItemResult(id, false, null, StatusCodes.Status400BadRequest, string.Join(" ", itemErrors.ToDictionary().SelectMany(e => e.Value)))
                    : new BulkItemResult(id, true, report.Status.Code(), null, null));
            }
            catch (DomainException refused)
            {
                results.Add(new BulkItemResult(id, false, null, refused.Status, refused.Message));
            }
        }

        return (new BulkResponse(results.Count(r => r.Ok), results.Count(r => !r.Ok), results), errors);
    }
}
