using System.Text;
using Palisade.Sip.Auth;

namespace Palisade.Sip.Tests.Auth;

public sealed class Sha512t256Tests
{
    private static string Hash(ReadOnlySpan<byte> data)
    {
        Span<byte> digest = stackalloc byte[32];
        Sha512t256.HashData(data, digest);
        return Convert.ToHexStringLower(digest);
    }

    [Fact]
    public void Nist_one_block_example_abc()
    {
        // FIPS 180-4 example (NIST CSRC "SHA512_256.pdf"): SHA-512/256("abc").
        Assert.Equal("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23", Hash("abc"u8));
    }

    [Fact]
    public void Nist_two_block_example_896_bits()
    {
        // The 896-bit message of the NIST examples, which needs a second block for the length.
        byte[] message = Encoding.ASCII.GetBytes(
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu");
        Assert.Equal("3928e184fb8690f840da3988121d31be65cb9d3ef83ee6146feac861e19b563a", Hash(message));
    }

    [Fact]
    public void Empty_message()
    {
        Assert.Equal("c672b8d1ef56ed28ab87c3622c5114069bdd3ad7b8f9737498d0c01ecef0967a", Hash([]));
    }

    // Lengths around the padding boundaries (111/112 bytes: one or two final blocks; 128: exactly one block),
    // expected values from OpenSSL ("openssl dgst -sha512-256") over bytes (i * 7 + 3) mod 256.
    [Theory]
    [InlineData(55, "8c12c6a555202a2f24eae9d29d5901bf14d8355b08fdd880b962813c30e2e50e")]
    [InlineData(56, "d8d15e81e95d2c68bde6c76da58ff17930bcc53926ab3fae45d28c420e4f06cd")]
    [InlineData(111, "32889a63b00e93a91df09b4292875c8e9ea2d30e482b2f5ab713396275e9378b")]
    [InlineData(112, "468a00c6f938065156bfddf56b22592f569052587264673bc893e92cd1953953")]
    [InlineData(113, "0a4f8ecb061610ba8fa2bf8ad1e8928dd76c18d1bfde92d2a9ce469e4d5cc973")]
    [InlineData(127, "b7c1bcb3d1d523364187e023ee03210674ee05a8fd54d40aad07ecf6bdfe4c8c")]
    [InlineData(128, "5e14bd0208397b56f5f1b3afb8e48bfcce3c7312684a46bbe9b210503680e547")]
    [InlineData(129, "6c92b5cdba34ee8137d902ba15d4f6246bb2a07c0fef5a0fa536bc8d8db0390f")]
    [InlineData(239, "a532f50742de4eeb13a3cf3f57e1bb0419b808f98dab375663370328f155a7db")]
    [InlineData(240, "50bf285d854644fdb23f955a2f6b19ee739082647901b3355c2f57815d9a6af6")]
    [InlineData(1000, "14271b3d36ca983ae2da2693d995fe68412c0bd5394ec2f05b763586db6e24fd")]
    public void Padding_boundaries_match_openssl(int length, string expected)
    {
        byte[] data = new byte[length];
        for (int i = 0; i < length; i++)
            data[i] = (byte)((i * 7) + 3);
        Assert.Equal(expected, Hash(data));
    }

    [Fact]
    public void One_million_a()
    {
        byte[] data = new byte[1_000_000];
        data.AsSpan().Fill((byte)'a');
        Assert.Equal("9a59a052930187a97038cae692f30708aa6491923ef5194394dc68d56c74fb21", Hash(data));
    }

    [Fact]
    public void Is_not_truncated_sha512()
    {
        // The trap RFC 7616 §3.9.2 fell into: SHA-512 cut to 256 bits is a different function.
        string truncated = Convert.ToHexStringLower(System.Security.Cryptography.SHA512.HashData("abc"u8).AsSpan(0, 32));
        Assert.NotEqual(truncated, Hash("abc"u8));
    }
}
