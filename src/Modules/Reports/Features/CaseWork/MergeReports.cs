using System.Security.Claims;
using Mekong.Modules.Reports.Domain;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// Marks a report a duplicate of another (B into A): B's followers read that it continues as A, A's followers that B
/// joined it — two public changes, saved together or not at all. The officer must be able to act on both.
/// </summary>
internal sealed class MergeReportsHandler(CaseStore store, TimeProvider clock)
{
    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, MergeRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await HandleAsync(id, request, await store.ScopeAsync(user, cancellationToken), cancellationToken);

    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, MergeRequest request, CaseScope scope, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (request.IntoId is not { } intoId || intoId <= 0)
        {
            errors.Add("intoId", "intoId is the number of the report this one repeats.");
        }
        else if (intoId == id)
        {
            errors.Add("intoId", "A report cannot be merged into itself.");
        }

        CaseInput.CheckTexts(request.PublicMessage, request.InternalNote, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var duplicate = await store.LoadAsync(id, scope, cancellationToken);
        var original = await store.LoadAsync(request.IntoId!.Value, scope, cancellationToken);
        original.Absorb(duplicate, scope.Actor, request.PublicMessage, request.InternalNote, clock);
        await store.Db.SaveChangesAsync(cancellationToken);
        return (duplicate, errors);
    }
}
