namespace Palisade.Interop.Tests.Infrastructure;

/// <summary>Locates the repository root (the folder holding Palisade.slnx) and the shared test data beside it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> s_root = new(() =>
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Palisade.slnx")))
                return d.FullName;
        }
        throw new InvalidOperationException("Palisade.slnx not found above " + AppContext.BaseDirectory);
    });

    public static string Root => s_root.Value;

    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string TestData(params string[] parts) => Path.Combine([Shared, "testdata", .. parts]);

    public static string Scenario(string name) => Path.Combine(AppContext.BaseDirectory, "Scenarios", name);
}
