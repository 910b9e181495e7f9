using Mekong.Platform.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mekong.Platform.Storage;

/// <summary>Applies (or checks) every module's migrations in registration order.</summary>
public sealed class MigrationRunner(
    IServiceScopeFactory scopes,
    IEnumerable<ModuleDatabaseRegistration> modules,
    IOptions<MekongOptions> options,
    ILogger<MigrationRunner> logger)
{
    // Once every migration this build knows is applied, none can become pending again while it runs: the readiness
    // probe then stops reading every module's history table on each call.
    private volatile bool _upToDate;

    /// <summary>Pending migration names per module schema.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<string>>> GetPendingAsync(CancellationToken cancellationToken)
    {
        var result = new Dictionary<string, IReadOnlyList<string>>();
        if (_upToDate)
        {
            return result;
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var module in modules)
        {
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(module.ContextType);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                result[module.Schema] = pending;
            }
        }

        _upToDate = result.Count == 0;
        return result;
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        PrepareStorage();
        await using var scope = scopes.CreateAsyncScope();
        foreach (var module in modules)
        {
            var db = (DbContext)scope.ServiceProvider.GetRequiredService(module.ContextType);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count == 0)
            {
                continue;
            }

            logger.LogInformation("Applying {Count} migration(s) to module {Schema}: {Migrations}", pending.Count, module.Schema, pending);
            await db.Database.MigrateAsync(cancellationToken);
        }

        if (options.Value.Database.Provider == DatabaseProvider.Sqlite)
        {
            await using var walScope = scopes.CreateAsyncScope();
            var first = modules.FirstOrDefault();
            if (first is not null)
            {
                var db = (DbContext)walScope.ServiceProvider.GetRequiredService(first.ContextType);
                // WAL is a property of the file: set once, it stays. Readers then never block the writer.
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
    }

    /// <summary>Start-up: apply pending migrations, or refuse to start when configured not to.</summary>
    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Database.ApplyMigrations)
        {
            await MigrateAsync(cancellationToken);
            return;
        }

        PrepareStorage();
        var pending = await GetPendingAsync(cancellationToken);
        if (pending.Count > 0)
        {
            var list = string.Join("; ", pending.Select(p => $"{p.Key}: {string.Join(", ", p.Value)}"));
            throw new InvalidOperationException(
                $"The database has pending migrations ({list}) and Mekong:Database:ApplyMigrations is false. Run the 'migrate' verb first.");
        }
    }

    private void PrepareStorage()
    {
        var path = options.Value.ResolveDataDirectory();
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            // The database, keys and uploads are private to the service account.
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
