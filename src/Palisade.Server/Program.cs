namespace Palisade.Server;

internal static class Program
{
    public static int Main(string[] args)
    {
        Console.WriteLine("palisade: not wired yet");
        return args.Length == 0 ? 0 : 1;
    }
}
