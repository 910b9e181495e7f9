namespace Mekong.Modules.AdminUnits.Ui;

/// <summary>Marker for the module's strings: JurisdictionText.resx (Vietnamese) and JurisdictionText.en.resx.</summary>
internal sealed class JurisdictionText;
