namespace Mekong.Modules.Access.Contracts;

/// <summary>The kinds of unit that handle cases: a department (<i>sở, ngành</i>) or a commune People's Committee (<i>UBND phường/xã</i>).</summary>
public enum OfficerUnitKind
{
    Department,
    Commune,
}

/// <summary>A unit officers work for: a department code (upper case) or a commune code, in a jurisdiction.</summary>
public sealed record OfficerUnit(OfficerUnitKind Kind, string Code);

/// <summary>An officer of a unit, and whether they head it.</summary>
public sealed record DirectoryOfficer(DirectoryUser User, OfficerUnit Unit, bool IsHead);

/// <summary>
/// Who handles cases where, for other modules (the reports queue, deadlines and escalation); locked-out accounts are
/// left out. A DepartmentOfficer is bound to one department or one commune committee; administrators and operators
/// are of no unit (they see the whole jurisdiction).
/// </summary>
public interface IOfficerDirectory
{
    /// <summary>The units <paramref name="userId"/> is an officer of (none for an unknown, locked-out or unbound user).</summary>
    Task<IReadOnlyList<OfficerUnit>> UnitsOfAsync(Guid userId, CancellationToken cancellationToken);

    /// <summary>The officers of one unit of a jurisdiction, heads included.</summary>
    Task<IReadOnlyList<DirectoryOfficer>> OfficersOfAsync(string jurisdictionCode, OfficerUnit unit, CancellationToken cancellationToken);

    /// <summary>The heads of one unit (escalation); empty when the unit has none.</summary>
    Task<IReadOnlyList<DirectoryOfficer>> HeadsOfAsync(string jurisdictionCode, OfficerUnit unit, CancellationToken cancellationToken);
}
