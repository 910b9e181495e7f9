using Mekong.Server.Cli;
using Mekong.Server.Hosting;

// One program, two faces: with a verb (migrate, seed-demo, users, apikeys, ...) it runs that verb and exits;
// otherwise it serves the IOC. A first word that is no verb and no setting is refused rather than served.
return MekongCli.Classify(args) switch
{
    CommandLineKind.Verb => await MekongCli.RunAsync(args),
    CommandLineKind.UnknownVerb => MekongCli.RejectUnknownVerb(args),
    _ => await MekongHost.RunAsync(args),
};

/// <summary>Entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
