using System.Security.Claims;
using Mekong.Modules.Access.Contracts;
using Mekong.Modules.AdminUnits.Contracts;
using Mekong.Modules.Reports.Domain;
using Mekong.Modules.Reports.Features.SubmitReport;
using Mekong.Platform.Errors;

namespace Mekong.Modules.Reports.Features.CaseWork;

/// <summary>
/// Assigns (or reassigns) a report to a unit: a department of the jurisdiction, one of its communes (the People's
/// Committee) or an outside body; the new unit's officers are told in the same transaction.
/// </summary>
internal sealed class AssignReportHandler(CaseStore store, IDepartmentDirectory departments, IAdminUnitDirectory adminUnits, SubmitReportHandler agencies, OfficerNotices notices, TimeProvider clock)
{
    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, AssignRequest request, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await HandleAsync(id, request, await store.ScopeAsync(user, cancellationToken), cancellationToken);

    public async Task<(Report? Report, FieldErrors Errors)> HandleAsync(long id, AssignRequest request, CaseScope scope, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var code = request.UnitCode?.Trim() ?? string.Empty;
        if (!CaseMapping.TryParseKind(request.UnitKind, out var kind))
        {
            errors.Add("unitKind", "unitKind is department, commune or outside_body.");
        }
        else if (code.Length is 0 or > 100 || code.Any(char.IsControl))
        {
            errors.Add("unitCode", "unitCode is the department's code, the commune's code or the outside body's name (1 to 100 characters).");
        }

        CaseInput.CheckTexts(request.PublicMessage, request.InternalNote, errors);
        if (!errors.IsEmpty)
        {
            return (null, errors);
        }

        var report = await store.LoadAsync(id, scope, cancellationToken);
        if (kind == ResponsibleKind.Department)
        {
            code = code.ToUpperInvariant();
            if (await departments.FindAsync(report.JurisdictionCode, code, cancellationToken) is null)
            {
                return (null, errors.Add("unitCode", $"There is no department '{code}' in jurisdiction {report.JurisdictionCode}."));
            }
        }
        else if (kind == ResponsibleKind.Commune)
        {
            var commune = await adminUnits.FindAsync(code, at: null, cancellationToken);
            if (commune is null || commune.Level != "commune" || commune.JurisdictionCode != report.JurisdictionCode)
            {
                return (null, errors.Add("unitCode", $"There is no commune '{code}' in jurisdiction {report.JurisdictionCode}."));
            }
        }

        var unit = new ResponsibleUnit(kind, code);
        var agency = await agencies.AgencyOfAsync(unit, report.JurisdictionCode, cancellationToken) ?? new AgencyName(code, code);
        report.Assign(unit, agency, scope.Actor, request.PublicMessage, request.InternalNote, clock);
        var category = await store.CategoryAsync(report.CategoryId, cancellationToken);
        await notices.ReachedUnitAsync(store.Db, report, category?.NameVi ?? report.ServiceCode, category?.NameEn ?? report.ServiceCode, cancellationToken);
        await store.Db.SaveChangesAsync(cancellationToken);
        return (report, errors);
    }
}
