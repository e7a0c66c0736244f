namespace Palisade.Sip.Transport.Tls;

/// <summary>A certificate or key file could not be used; the message names the file and the reason, for start-up errors.</summary>
public sealed class CertificateLoadException : Exception
{
    public CertificateLoadException()
        : this(string.Empty, "certificate could not be loaded")
    {
    }

    public CertificateLoadException(string message)
        : this(string.Empty, message)
    {
    }

    public CertificateLoadException(string message, Exception innerException)
        : this(string.Empty, message, innerException)
    {
    }

    public CertificateLoadException(string filePath, string reason, Exception? innerException = null)
        : base(filePath.Length == 0 ? reason : $"{filePath}: {reason}", innerException)
    {
        FilePath = filePath;
        Reason = reason;
    }

    /// <summary>The file at fault (empty when not about one file).</summary>
    public string FilePath { get; }

    /// <summary>What is wrong with it, without the path.</summary>
    public string Reason { get; }
}
