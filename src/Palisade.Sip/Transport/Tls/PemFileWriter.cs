using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Palisade.Sip.Transport.Tls;

/// <summary>
/// Writes certificates and keys as PEM (RFC 7468). Files are written to a temporary name and moved into place so
/// a crash never leaves half a key; key files are created owner-only (0600) on Unix from the first byte, not
/// chmod-ed afterwards, so the key is never briefly world-readable.
/// </summary>
internal static class PemFileWriter
{
    public static void WriteCertificates(string path, IEnumerable<X509Certificate2> certificates)
    {
        var text = new StringBuilder();
        foreach (X509Certificate2 certificate in certificates)
            text.Append(certificate.ExportCertificatePem()).Append('\n');
        WriteAtomically(path, text.ToString(), secret: false);
    }

    public static void WritePrivateKey(string path, X509Certificate2 certificate)
    {
        using AsymmetricAlgorithm key = GetPrivateKey(certificate);
        // PKCS#8 (RFC 5208) is what every TLS stack reads; CertificateLoader also accepts PKCS#1 and SEC1.
        WriteAtomically(path, key.ExportPkcs8PrivateKeyPem() + "\n", secret: true);
    }

    private static AsymmetricAlgorithm GetPrivateKey(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetRSAPrivateKey()
        ?? (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey()
        ?? throw new InvalidOperationException($"Certificate {certificate.Subject} has no private key to write.");

    private static void WriteAtomically(string path, string content, bool secret)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (secret && !OperatingSystem.IsWindows())
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
            {
                writer.Write(content);
            }

            File.Move(temporary, path, overwrite: true);
            if (secret && !OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite); // umask cannot widen it, but be explicit.
        }
        finally
        {
            if (File.Exists(temporary))
                File.Delete(temporary);
        }
    }
}
