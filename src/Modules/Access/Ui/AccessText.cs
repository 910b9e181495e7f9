namespace Mekong.Modules.Access.Ui;

/// <summary>Marker for the module's strings: AccessText.resx (Vietnamese) and AccessText.en.resx.</summary>
internal sealed class AccessText;
