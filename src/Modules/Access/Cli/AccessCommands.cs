using System.CommandLine;
using Mekong.Modules.Access.Features.CreateUser;
using Mekong.Modules.Access.Features.IssueApiKey;
using Mekong.Modules.Access.Features.ListApiKeys;
using Mekong.Modules.Access.Features.ListUsers;
using Mekong.Modules.Access.Features.RevokeApiKey;
using Mekong.Modules.Access.Storage;
using Mekong.Platform.Cli;
using Mekong.Platform.Errors;
using Microsoft.Extensions.DependencyInjection;

namespace Mekong.Modules.Access.Cli;

/// <summary><c>users create|list</c> and <c>apikeys create|list|revoke</c>.</summary>
internal static class AccessCommands
{
    public static IEnumerable<Command> Create(CliServices cli) => [Users(cli), ApiKeys(cli)];

    private static Command Users(CliServices cli)
    {
        var email = new Option<string>("--email") { Description = "E-mail address (the log-in name)", Required = true };
        var role = new Option<string>("--role") { Description = "Administrator, Operator, DepartmentOfficer or Viewer", Required = true };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "Jurisdiction code; omit only for an installation administrator" };
        var department = new Option<string?>("--department") { Description = "Department code, for a DepartmentOfficer" };
        var commune = new Option<string?>("--commune") { Description = "Commune code, for a DepartmentOfficer of a commune People's Committee (instead of --department)" };
        var head = new Option<bool>("--head") { Description = "The DepartmentOfficer heads their unit (overdue reports are escalated to them)" };
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from standard input instead of generating one" };
        var create = new Command("create", "Create a user. Without --password-stdin a strong password is generated and printed once.")
        {
            email, role, name, jurisdiction, department, commune, head, passwordStdin,
        };
        create.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            string? password = null;
            if (parse.GetValue(passwordStdin))
            {
                password = (await Console.In.ReadLineAsync(cancellationToken))?.TrimEnd('\r', '\n');
                if (string.IsNullOrEmpty(password))
                {
                    await Console.Error.WriteLineAsync("--password-stdin: no password on standard input.");
                    return 2;
                }
            }

            var request = new CreateUserRequest(parse.GetValue(email), parse.GetValue(role), parse.GetValue(name), parse.GetValue(jurisdiction), parse.GetValue(department), password, parse.GetValue(commune), parse.GetValue(head));
            var (created, errors) = await services.GetRequiredService<CreateUserHandler>().HandleAsync(request, actor: null, cancellationToken);
            if (created is null)
            {
                await PrintErrorsAsync(errors);
                return 2;
            }

            Console.WriteLine($"Created {created.User.Role} {created.User.Email} (id {created.User.Id}, jurisdiction {created.User.Jurisdiction ?? "all"}).");
            if (created.GeneratedPassword is not null)
            {
                Console.WriteLine($"Password (shown once): {created.GeneratedPassword}");
            }

            return 0;
        }, cancellationToken));

        var list = new Command("list", "List users");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            foreach (var u in await ListUsers.Query(services.GetRequiredService<AccessDbContext>(), actor: null, cancellationToken))
            {
                Console.WriteLine($"{u.Email,-36} {u.Role,-18} {u.Jurisdiction ?? "-",-6} {u.Department ?? u.Commune ?? "-",-8} {(u.UnitHead ? "head " : string.Empty)}{u.DisplayName}");
            }

            return 0;
        }, cancellationToken));

        return new Command("users", "Manage users") { create, list };
    }

    private static Command ApiKeys(CliServices cli)
    {
        var name = new Option<string>("--name") { Description = "What the key is for, e.g. the agency system", Required = true };
        var role = new Option<string>("--role") { Description = "Administrator, Operator or Viewer", Required = true };
        var jurisdiction = new Option<string?>("--jurisdiction") { Description = "Jurisdiction code the key may act for" };
        var create = new Command("create", "Issue an API key; it is printed once and only its hash is stored") { name, role, jurisdiction };
        create.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var request = new IssueApiKeyRequest(parse.GetValue(name), parse.GetValue(role), parse.GetValue(jurisdiction));
            var (issued, errors) = await services.GetRequiredService<IssueApiKeyHandler>().HandleAsync(request, actor: null, cancellationToken);
            if (issued is null)
            {
                await PrintErrorsAsync(errors);
                return 2;
            }

            await Console.Error.WriteLineAsync($"Issued {issued.ApiKey.Role} key '{issued.ApiKey.Name}' ({issued.ApiKey.Prefix}, id {issued.ApiKey.Id}). Store it now: it is not shown again.");
            Console.WriteLine(issued.Key);
            return 0;
        }, cancellationToken));

        var key = new Argument<string>("key") { Description = "The key's id or its prefix (mk_XXXXXXXX)" };
        var revoke = new Command("revoke", "Revoke an API key") { key };
        revoke.SetAction((parse, cancellationToken) => cli.RunAsync(async services =>
        {
            var revoked = await services.GetRequiredService<RevokeApiKeyHandler>().HandleAsync(parse.GetValue(key)!, actor: null, cancellationToken);
            if (revoked is null)
            {
                await Console.Error.WriteLineAsync($"No API key '{parse.GetValue(key)}'.");
                return 2;
            }

            Console.WriteLine($"Revoked {revoked.Prefix} ('{revoked.Name}').");
            return 0;
        }, cancellationToken));

        var list = new Command("list", "List API keys (never their secrets)");
        list.SetAction((_, cancellationToken) => cli.RunAsync(async services =>
        {
            foreach (var k in await ListApiKeys.Query(services.GetRequiredService<AccessDbContext>(), actor: null, cancellationToken))
            {
                Console.WriteLine($"{k.Prefix,-12} {k.Role,-14} {k.Jurisdiction ?? "-",-6} {(k.RevokedAt is null ? "active " : "revoked")} {k.Name}");
            }

            return 0;
        }, cancellationToken));

        return new Command("apikeys", "Manage API keys") { create, list, revoke };
    }

    private static async Task PrintErrorsAsync(FieldErrors errors)
    {
        foreach (var (field, messages) in errors.ToDictionary())
        {
            foreach (var message in messages)
            {
                await Console.Error.WriteLineAsync($"{field}: {message}");
            }
        }
    }
}
