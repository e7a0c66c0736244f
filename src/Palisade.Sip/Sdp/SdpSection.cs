namespace Palisade.Sip.Sdp;

/// <summary>
/// The lines of the session part or of one media description, in the order received so that writing a parsed
/// description back reproduces it byte for byte; unknown line types stay where they were. Setters insert a missing
/// line at its RFC 8866 §5 position.
/// </summary>
public abstract class SdpSection
{
    private protected SdpSection()
    {
    }

    /// <summary>The section's lines (for a media description, those after its m= line).</summary>
    public List<SdpLine> Lines { get; } = [];

    /// <summary>The RFC 8866 §5 order of line types in this section.</summary>
    private protected abstract string Order { get; }

    /// <summary>c=, or null; for a media description, its own c= (see <see cref="SdpSession.GetConnection"/>).</summary>
    public SdpConnection? Connection
    {
        get => Get('c') is { } line ? SdpConnection.TryParse(line.Value) : null;
        set => Set('c', value?.ToString());
    }

    public IEnumerable<SdpBandwidth> Bandwidths
    {
        get
        {
            foreach (SdpLine line in Lines)
            {
                if (line.Type == 'b' && SdpBandwidth.TryParse(line.Value) is { } b)
                    yield return b;
            }
        }
    }

    public IEnumerable<SdpAttribute> Attributes
    {
        get
        {
            foreach (SdpLine line in Lines)
            {
                if (line.Type == 'a')
                    yield return SdpAttribute.Parse(line.Value);
            }
        }
    }

    /// <summary>The direction attribute of this section, or null when it has none.</summary>
    public SdpDirection? Direction
    {
        get
        {
            foreach (SdpLine line in Lines)
            {
                if (line.Type == 'a' && SdpText.ParseDirection(line.Value) is { } d)
                    return d;
            }
            return null;
        }
        set
        {
            int at = Lines.FindIndex(l => l.Type == 'a' && SdpText.ParseDirection(l.Value) is not null);
            if (value is null)
            {
                Lines.RemoveAll(l => l.Type == 'a' && SdpText.ParseDirection(l.Value) is not null);
                return;
            }
            string name = SdpText.DirectionName(value.Value)!;
            if (at >= 0)
                Lines[at].Value = name;
            else
                Insert(new SdpLine('a', name));
        }
    }

    /// <summary>The value of the first a=<paramref name="name"/> ("" for a property attribute), or null.</summary>
    public string? GetAttribute(string name)
    {
        foreach (SdpLine line in Lines)
        {
            if (line.Type == 'a' && IsAttribute(line.Value, name, out string? value))
                return value ?? "";
        }
        return null;
    }

    public IEnumerable<string> GetAttributes(string name)
    {
        foreach (SdpLine line in Lines)
        {
            if (line.Type == 'a' && IsAttribute(line.Value, name, out string? value))
                yield return value ?? "";
        }
    }

    public bool HasAttribute(string name) => GetAttribute(name) is not null;

    /// <summary>Appends a=name[:value] after the section's other attributes.</summary>
    public void AddAttribute(string name, string? value = null) => Insert(new SdpLine('a', value is null ? name : name + ":" + value));

    /// <summary>Replaces the first a=<paramref name="name"/> (removing any others) or adds it.</summary>
    public void SetAttribute(string name, string? value = null)
    {
        string text = value is null ? name : name + ":" + value;
        int first = Lines.FindIndex(l => l.Type == 'a' && IsAttribute(l.Value, name, out _));
        if (first < 0)
        {
            Insert(new SdpLine('a', text));
            return;
        }
        Lines[first].Value = text;
        for (int i = Lines.Count - 1; i > first; i--)
        {
            if (Lines[i].Type == 'a' && IsAttribute(Lines[i].Value, name, out _))
                Lines.RemoveAt(i);
        }
    }

    public int RemoveAttributes(string name) => Lines.RemoveAll(l => l.Type == 'a' && IsAttribute(l.Value, name, out _));

    private protected SdpLine? Get(char type) => Lines.Find(l => l.Type == type);

    /// <summary>Sets the first line of <paramref name="type"/> (removing it for null) or inserts it in RFC order.</summary>
    private protected void Set(char type, string? value)
    {
        int i = Lines.FindIndex(l => l.Type == type);
        if (value is null)
        {
            if (i >= 0) Lines.RemoveAt(i);
        }
        else if (i >= 0)
        {
            Lines[i].Value = value;
        }
        else
        {
            Insert(new SdpLine(type, value));
        }
    }

    /// <summary>Inserts after the last line whose type comes at or before <paramref name="line"/>'s in RFC order.</summary>
    private protected void Insert(SdpLine line)
    {
        int rank = Rank(line.Type);
        int at = 0;
        for (int i = 0; i < Lines.Count; i++)
        {
            if (Rank(Lines[i].Type) <= rank)
                at = i + 1;
        }
        Lines.Insert(at, line);
    }

    private int Rank(char type)
    {
        int r = Order.IndexOf(type, StringComparison.Ordinal);
        return r < 0 ? Order.Length : r;
    }

    /// <summary>True when the attribute line value is <paramref name="name"/> or starts with "name:".</summary>
    private protected static bool IsAttribute(string lineValue, string name, out string? value)
    {
        value = null;
        if (!lineValue.StartsWith(name, StringComparison.Ordinal))
            return false;
        if (lineValue.Length == name.Length)
            return true;
        if (lineValue[name.Length] != ':')
            return false;
        value = lineValue[(name.Length + 1)..];
        return true;
    }
}
