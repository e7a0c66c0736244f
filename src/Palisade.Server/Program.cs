using System.CommandLine;
using Palisade.Server.Cli;

namespace Palisade.Server;

internal static class Program
{
    public static int Main(string[] args)
    {
        var root = new RootCommand("Palisade — a Session Border Controller for Microsoft Teams Direct Routing")
        {
            RunCommand.Create(),
            CheckCommand.Create(),
            ResolveCommand.Create(),
            RouteExplainCommand.Create(),
        };
        return root.Parse(args).Invoke();
    }
}
