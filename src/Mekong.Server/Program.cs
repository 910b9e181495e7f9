using Mekong.Server.Cli;
using Mekong.Server.Hosting;

// One program, two faces: with a verb (migrate, seed-demo, users, apikeys, ...) it runs that verb and exits;
// otherwise it serves the IOC.
if (MekongCli.IsVerb(args))
{
    return await MekongCli.RunAsync(args);
}

return await MekongHost.RunAsync(args);

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
