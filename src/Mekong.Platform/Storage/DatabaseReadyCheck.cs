using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Mekong.Platform.Storage;

/// <summary>Ready means: the database answers and every module's migrations are applied.</summary>
public sealed class DatabaseReadyCheck(IServiceScopeFactory scopes, IEnumerable<ModuleDatabaseRegistration> modules, MigrationRunner migrations) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            foreach (var module in modules)
            {
                var db = (DbContext)scope.ServiceProvider.GetRequiredService(module.ContextType);
                if (!await db.Database.CanConnectAsync(cancellationToken))
                {
                    return HealthCheckResult.Unhealthy($"Module {module.Schema}: the database does not answer.");
                }
            }

            var pending = await migrations.GetPendingAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy("Database reachable; migrations applied.")
                : HealthCheckResult.Unhealthy($"Pending migrations: {string.Join(", ", pending.Keys)}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("The database is not reachable.", ex);
        }
    }
}
