using System.CommandLine;
using Palisade.Routing.Config;
using Palisade.Routing.Model;

namespace Palisade.Server.Cli;

/// <summary><c>palisade check FILE</c>: validates a config file and lists every problem with file and line.</summary>
internal static class CheckCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The palisade.yaml to validate" };
        var command = new Command("check", "Validate a configuration file; exit code 0 only when it is valid") { file };
        command.SetAction(parse => Run(parse.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    public static int Run(FileInfo file, TextWriter output, TextWriter errors)
    {
        ConfigLoadResult result = ConfigLoader.LoadFile(file.FullName);
        if (result.Model is not { } model)
        {
            foreach (ConfigError e in result.Errors)
                errors.WriteLine(e.ToString());
            errors.WriteLine($"{file.FullName}: {result.Errors.Count} error{(result.Errors.Count == 1 ? "" : "s")}, configuration refused");
            return 1;
        }
        output.WriteLine($"{file.FullName}: OK — {Summary(model)}");
        return 0;
    }

    public static string Summary(PalisadeConfigModel m) =>
        $"{m.Listeners.Length} listeners, {m.Tenants.Length} tenants, {m.Trunks.Length} trunks, {m.Numbers.Length} number entries, {m.Routes.Length} routes";
}
