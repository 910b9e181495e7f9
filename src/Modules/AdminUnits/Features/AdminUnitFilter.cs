using Mekong.Modules.AdminUnits.Domain;
using Mekong.Modules.AdminUnits.Storage;
using Mekong.Platform;
using Mekong.Platform.Errors;
using Mekong.Platform.Spatial;
using Microsoft.EntityFrameworkCore;

namespace Mekong.Modules.AdminUnits.Features;

/// <summary>The query-string filters the list and the exports share: level, validity date, jurisdiction, box.</summary>
internal sealed record AdminUnitFilter(AdminLevel? Level, DateOnly At, string? Jurisdiction, BoundingBox? Box)
{
    /// <summary>Parses the filters, adding a field error for each value that is not understood.</summary>
    public static AdminUnitFilter Parse(FieldErrors errors, string? level, QueryDate? at, string? jurisdiction, QueryBox? bbox, TimeProvider clock)
    {
        AdminLevel? wantedLevel = null;
        if (!string.IsNullOrWhiteSpace(level))
        {
            if (AdminLevelNames.TryParse(level, out var parsed))
            {
                wantedLevel = parsed;
            }
            else
            {
                errors.Add("level", "level must be province, district or commune.");
            }
        }

        var box = errors.Box("bbox", bbox);
        var date = errors.Date("at", at) ?? VietnamTime.Today(clock);
        return new AdminUnitFilter(wantedLevel, date, string.IsNullOrWhiteSpace(jurisdiction) ? null : jurisdiction.Trim(), box);
    }

    /// <summary>
    /// The units matching the filters; with a box the pre-filter is approximate on SQLite, so callers finish with
    /// <see cref="AdminUnitQueries.ExactlyIntersecting"/>.
    /// </summary>
    public IQueryable<AdminUnit> Query(AdminUnitsDbContext db)
    {
        var query = (Box is { } b ? db.MeetingBox(b) : db.AdminUnits).AsNoTracking().ValidOn(At);
        if (Level is { } l)
        {
            query = query.Where(u => u.Level == l);
        }

        if (Jurisdiction is { } j)
        {
            query = query.Where(u => u.JurisdictionCode == j);
        }

        return query;
    }
}
