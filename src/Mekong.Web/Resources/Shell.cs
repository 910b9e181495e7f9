namespace Mekong.Web.Resources;

/// <summary>Marker for the shell's strings: Shell.resx (Vietnamese, the default) and Shell.en.resx.</summary>
internal sealed class Shell;
