using System.ComponentModel.DataAnnotations;

namespace Mekong.Modules.Incidents;

/// <summary>Settings under <c>Mekong:Incidents</c> (docs/operations.md).</summary>
internal sealed class IncidentsOptions
{
    public const string Section = "Mekong:Incidents";

    /// <summary>
    /// The CAP <c>sender</c> of the warnings, e.g. <c>ioc@phusa.gov.vn</c> (<c>{jurisdiction}</c> is replaced by the
    /// jurisdiction's code). Default: <c>ioc-{jurisdiction}@</c> the host of <c>Mekong:PublicBaseUrl</c>.
    /// CAP forbids spaces, commas, &lt; and &amp; in it.
    /// </summary>
    [RegularExpression("^[^\\s,<&]+$", ErrorMessage = "Mekong:Incidents:CapSender must have no spaces, commas, < or & (CAP 1.2).")]
    public string? CapSender { get; set; }
}
