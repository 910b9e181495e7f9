using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>An internal note alone: staff read it in the history, the resident never does.</summary>
internal sealed class AddNoteHandler(CaseStore store, TimeProvider clock)
{
    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, AddNoteRequest request, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var note = request.Note?.Trim() ?? string.Empty;
        if (note.Length is 0 or > Report.MessageMaxLength)
        {
            return (null, errors.Add("note", $"note has 1 to {Report.MessageMaxLength} characters."));
        }

        var scope = await store.ScopeAsync(user, cancellationToken);
        var report = await store.LoadAsync(id, scope, cancellationToken);
        report.AddNote(scope.Actor, note, clock);
        await store.Db.SaveChangesAsync(cancellationToken);
        return (report, errors);
    }
}
