using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>Loads a report an officer acts on (with its history) after checking their scope; shared by the case handlers.</summary>
internal sealed class CaseStore(ReportsDbContext db, IOfficerDirectory officers)
{
    public ReportsDbContext Db => db;

    public Task<CaseScope> ScopeAsync(ClaimsPrincipal user, CancellationToken cancellationToken) => CaseScope.ForAsync(user, officers, cancellationToken);

    public async Task<Report> LoadAsync(long id, CaseScope scope, CancellationToken cancellationToken)
    {
        var report = await db.Reports.Include(r => r.History).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        scope.Demand(report, id);
        return report!;
    }

    public Task<ServiceCategory?> CategoryAsync(Guid id, CancellationToken cancellationToken) =>
        db.Categories.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken);
}
