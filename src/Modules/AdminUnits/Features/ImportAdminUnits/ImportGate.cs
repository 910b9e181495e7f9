namespace Mekong.Modules.AdminUnits.Features.ImportAdminUnits;

/// <summary>
/// At most <see cref="ImportLimits.MaxConcurrentImports"/> imports, dry runs and upload previews at once in one
/// installation, so that one administrator's file cannot take the memory and processors every other user needs.
/// A slot is an exclusively opened lock file in <c>&lt;data&gt;/locks/</c>: the server and the CLI on the same data
/// directory share the slots, and a killed process frees its slot with its file handles.
/// </summary>
internal sealed class ImportGate(string lockDirectory, int slots)
{
    public string LockDirectory { get; } = lockDirectory;

    /// <summary>A slot, held until disposed; or an <see cref="ImportFileException"/> with <see cref="ImportFileException.Busy"/> set.</summary>
    public IDisposable Enter()
    {
        Directory.CreateDirectory(LockDirectory);
        for (var slot = 1; slot <= slots; slot++)
        {
            try
            {
                return new FileStream(Path.Combine(LockDirectory, $"import-{slot}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException)
            {
                // Held by another import (of this process or another one on the same data directory).
            }
        }

        throw new ImportFileException(ImportMessages.Format("Busy", slots)) { Busy = true };
    }
}
