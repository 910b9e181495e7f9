using Mekong.Modules.Incidents.Domain;
using Mekong.Modules.Incidents.Features.Warnings;
using Mekong.Modules.Incidents.Storage;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.Incidents.Features.Incidents;

/// <summary>One incident as its page shows it: the incident, its checklist and timeline, its warnings.</summary>
internal sealed record IncidentView(IncidentDto Incident, IReadOnlyList<WarningDto> Warnings);

/// <summary>The reads of the screens (the /ops card and board, an incident's page, the portal's banner).</summary>
internal sealed class IncidentQueries(IncidentsDbContext db, TimeProvider clock)
{
    /// <summary>The jurisdiction's incidents that are not closed: worst severity first, then the most overdue, then newest.</summary>
    public async Task<IReadOnlyList<IncidentSummaryDto>> BoardAsync(string jurisdiction, string? type, CancellationToken cancellationToken)
    {
        var query = db.Incidents.AsNoTracking().Where(i => i.JurisdictionCode == jurisdiction && i.Status != IncidentStatus.Closed);
        if (!string.IsNullOrWhiteSpace(type))
        {
            query = query.Where(i => i.TypeCode == type);
        }

        var now = clock.GetUtcNow();
        var rows = await query.OrderByDescending(i => i.OpenedAt).Take(500).ToListAsync(cancellationToken);
        return rows.Select(i => IncidentSummaryDto.From(i, now))
            .OrderBy(i => Cap.Rank(i.Severity)).ThenByDescending(i => i.OverdueSteps).ThenByDescending(i => i.OpenedAt).ToList();
    }

    public async Task<IReadOnlyList<IncidentType>> TypesAsync(string jurisdiction, CancellationToken cancellationToken) =>
        await db.Types.AsNoTracking().Where(t => t.JurisdictionCode == jurisdiction && t.Active).OrderBy(t => t.NameVi).ToListAsync(cancellationToken);

    public async Task<IncidentView?> IncidentAsync(string jurisdiction, Guid id, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id && i.JurisdictionCode == jurisdiction, cancellationToken);
        if (incident is null)
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var timeline = await db.Timeline.AsNoTracking().Where(e => e.IncidentId == id).ToListAsync(cancellationToken);
        var warnings = await db.Warnings.AsNoTracking().Where(w => w.IncidentId == id).OrderByDescending(w => w.Sent).ToListAsync(cancellationToken);
        return new IncidentView(IncidentDto.From(incident, timeline, now), warnings.Select(w => WarningDto.From(w, now)).ToList());
    }

    /// <summary>The warnings in force for one commune (the portal's banner).</summary>
    public async Task<IReadOnlyList<PublicWarningDto>> WarningsForAsync(string commune, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var rows = await WarningEndpoints.InForce(db, now, null, commune).ToListAsync(cancellationToken);
        return rows.Where(w => w.IsInForce(now)).OrderBy(w => Cap.Rank(w.Severity)).ThenByDescending(w => w.Sent).Select(PublicWarningDto.From).ToList();
    }
}
