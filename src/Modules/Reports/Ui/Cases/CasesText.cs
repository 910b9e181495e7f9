namespace Mekong.Modules.Reports.Ui.Cases;

/// <summary>Marker for the officers' screens' strings: CasesText.resx (Vietnamese) and CasesText.en.resx.</summary>
internal sealed class CasesText;
