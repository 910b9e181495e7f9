using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// Acknowledge, start work, resolve, close, reject (the public message is the reason) or reopen, with a message to the
/// resident and/or an internal note: the page, the API's shortcuts (<c>/acknowledge</c>, <c>/start</c>, <c>/resolve</c>,
/// <c>/close</c>, <c>/reject</c>) and <c>/status</c> all come here. The workflow's rules are <see cref="Report"/>'s.
/// </summary>
internal sealed class ChangeStatusHandler(CaseStore store, TimeProvider clock)
{
    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, ChangeStatusRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var scope = await store.ScopeAsync(user, cancellationToken);
        return await HandleAsync(id, request, scope, cancellationToken);
    }

    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, ChangeStatusRequest request, CaseScope scope, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!CaseMapping.TryParseStatus(request.Status, out var status) || status is ReportStatus.Received or ReportStatus.Assigned or ReportStatus.Duplicate)
        {
            errors.Add("status", "status is one of acknowledged, in_progress, resolved, closed, rejected, reopened (assign and merge have their own actions).");
        }
        else if (status == ReportStatus.Rejected && string.IsNullOrWhiteSpace(request.PublicMessage))
        {
            errors.Add("publicMessage", "A rejection tells the resident why: publicMessage is required.");
        }

        CaseInput.CheckTexts(request.PublicMessage, request.InternalNote, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var report = await store.LoadAsync(id, scope, cancellationToken);
        report.ChangeStatus(status, scope.Actor, request.PublicMessage, request.InternalNote, clock);
        await store.Db.SaveChangesAsync(cancellationToken);
        return (report, errors);
    }
}

internal static class CaseInput
{
    public static void CheckTexts(string? publicMessage, string? internalNote, FieldErrors errors)
    {
        if (publicMessage?.Trim().Length > Report.MessageMaxLength)
        {
            errors.Add("publicMessage", $"publicMessage is at most {Report.MessageMaxLength} characters.");
        }

        if (internalNote?.Trim().Length > Report.MessageMaxLength)
        {
            errors.Add("internalNote", $"internalNote is at most {Report.MessageMaxLength} characters.");
        }
    }
}
