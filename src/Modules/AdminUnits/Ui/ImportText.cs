namespace Mekong.Modules.AdminUnits.Ui;

/// <summary>Marker for the import screen's strings: ImportText.resx (Vietnamese) and ImportText.en.resx.</summary>
internal sealed class ImportText;
