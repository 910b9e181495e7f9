using Mekong.ArchitectureTests.Fixtures.Leaky.Storage;
using Mekong.Modules.AdminUnits;
using Microsoft.EntityFrameworkCore;

// Deliberately bad "modules", inside the test assembly: every architecture rule must fail on them once.
#pragma warning disable CA1812, CA1852 // never instantiated: only their dependencies matter
namespace Mekong.ArchitectureTests.Fixtures.Leaky.Storage
{
    public class LeakyDbContext(DbContextOptions options) : DbContext(options);

    public sealed class LeakyRow
    {
        public int Id { get; set; }
    }
}

namespace Mekong.ArchitectureTests.Fixtures.Leaky.Contracts
{
    /// <summary>A contract that exposes a storage type.</summary>
    public sealed record LeakyDto(LeakyRow Row);

    /// <summary>A contract that is not public.</summary>
    internal sealed record HiddenDto(int Id);
}

namespace Mekong.ArchitectureTests.Fixtures.Nosy
{
    /// <summary>Reaches into another module's storage and into another module's entry class.</summary>
    internal sealed class ReadsLeakyStorage
    {
        public LeakyRow? Row { get; set; }

        public static object Entry() => AdminUnitsModule.Module;
    }
}

namespace Mekong.ArchitectureTests.Fixtures.Polite
{
    /// <summary>Uses only the other module's contracts.</summary>
    internal sealed class ReadsLeakyContracts
    {
        public Leaky.Contracts.LeakyDto? Dto { get; set; }
    }
}
