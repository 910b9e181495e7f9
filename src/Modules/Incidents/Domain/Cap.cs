namespace Mekong.Modules.Incidents.Domain;

/// <summary>
/// The code values of the Common Alerting Protocol 1.2 (OASIS) that Mekong uses, spelled as the standard spells them.
/// An incident's severity is a CAP severity too, so a warning issued from it starts from the same word.
/// </summary>
internal static class Cap
{
    public const string Namespace = "urn:oasis:names:tc:emergency:cap:1.2";

    public static readonly string[] Severities = ["Extreme", "Severe", "Moderate", "Minor", "Unknown"];

    public static readonly string[] Urgencies = ["Immediate", "Expected", "Future", "Past", "Unknown"];

    public static readonly string[] Certainties = ["Observed", "Likely", "Possible", "Unlikely", "Unknown"];

    public static readonly string[] Categories = ["Geo", "Met", "Safety", "Security", "Rescue", "Fire", "Health", "Env", "Transport", "Infra", "CBRNE", "Other"];

    /// <summary>The message types an operator may issue (CAP also knows Ack and Error, which are for system replies).</summary>
    public static readonly string[] MessageTypes = ["Alert", "Update", "Cancel"];

    /// <summary>The incident severities: CAP's without Unknown (an incident is judged when it is opened).</summary>
    public static readonly string[] IncidentSeverities = ["Extreme", "Severe", "Moderate", "Minor"];

    /// <summary>The value as the standard spells it, matched without regard to case; null when it is not one of <paramref name="values"/>.</summary>
    public static string? Normalize(string? text, IReadOnlyList<string> values) =>
        values.FirstOrDefault(v => string.Equals(v, text?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Severity order for boards: Extreme first.</summary>
    public static int Rank(string severity) => Array.IndexOf(Severities, severity) is var i and >= 0 ? i : Severities.Length;
}
