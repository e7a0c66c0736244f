namespace Palisade.Sip.Tests.Corpus;

/// <summary>
/// Locates the shared test corpora in <c>../shared/testdata</c> next to the repository root (the folder holding
/// Palisade.slnx). The corpora are read in place as bytes, never copied into the repository (DESIGN.md §5).
/// </summary>
internal static class TestData
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    /// <summary>The <c>testdata</c> folder.</summary>
    public static string Root => RootPath.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static byte[] Read(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    private static string FindRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
            {
                string testdata = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "testdata"));
                if (!Directory.Exists(testdata))
                    throw new DirectoryNotFoundException("The shared corpus is missing: " + testdata);
                return testdata;
            }
        }
        throw new DirectoryNotFoundException("No folder holding Palisade.slnx above " + AppContext.BaseDirectory);
    }
}
