namespace Mekong.Platform.Demo;

/// <summary>
/// A module's part of the demo province. Seeders run in <see cref="Order"/> (geography first, at 0), each adding its
/// own deterministic data through its own storage. Re-running is a no-op: a seeder checks what is already there.
/// </summary>
public interface IDemoSeeder
{
    int Order { get; }

    string Name { get; }

    Task SeedAsync(DemoContext context, CancellationToken cancellationToken);
}

/// <summary>What every seeder shares: the fixed seed and the demo jurisdiction.</summary>
public sealed record DemoContext(int Seed, string JurisdictionCode, TimeProvider Clock)
{
    /// <summary>The demo province's code (synthetic; no real province uses it).</summary>
    public const string DemoJurisdictionCode = "90";

    public const int DefaultSeed = 20250701;

    /// <summary>Lines for the start-up banner (e.g. the demo log-ins), added by seeders on every start in demo mode.</summary>
    public IList<string> Notes { get; } = new List<string>();

    /// <summary>A random stream per seeder, so adding one module's data never shifts another's.</summary>
    public Random RandomFor(string seederName)
    {
        var hash = 17;
        foreach (var c in seederName)
        {
            hash = unchecked((hash * 31) + c);
        }

        return new Random(unchecked(Seed ^ hash));
    }
}
