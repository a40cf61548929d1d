using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using LfrAudit.Core.Identifiers;
using LfrAudit.Core.Problems;
using LfrAudit.Governance.Audit;

namespace LfrAudit.Core.Tests.Audit;

/// <summary>
/// Tree heads as C2SP checkpoints (c2sp.org/tlog-checkpoint, c2sp.org/signed-note, type 0x02 ECDSA): the
/// exact bytes, the Merkle root they carry, which signatures count, every malformed note refused with a
/// reason, and checks against implementations this code did not write (openssl; notes and verifier keys
/// published by Go transparency-dev users).
/// </summary>
public class CheckpointTests : IDisposable
{
    private const string Origin = "lfraudit.invalid/van-1";
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
    }

    private static byte[] Root0To31 => [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private string ValidNote(long size = 42) => new Checkpoint(Origin, size, Root0To31).Sign(_key, Origin);

    private static string TextOf(string note) => note[..(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 1)];

    private static string SignatureLinesOf(string note) => note[(note.LastIndexOf("\n\n", StringComparison.Ordinal) + 2)..];

    private static string Line(string name, uint keyId, byte[] signature) => SignedNote.SignatureLine(name, keyId, signature);

    /// <summary>Verify, insisting that a refusal always carries a reason and never a checkpoint.</summary>
    private bool Verifies(string note, out Checkpoint? checkpoint, out string? problem)
    {
        bool ok = Checkpoint.Verify(note, _key, Origin, out checkpoint, out problem);
        if (ok) Assert.Null(problem);
        else
        {
            Assert.Null(checkpoint);
            Assert.False(string.IsNullOrWhiteSpace(problem));
        }
        return ok;
    }

    // --- Format ---

    [Fact]
    public void A_signed_checkpoint_has_the_exact_bytes_of_the_spec()
    {
        var note = ValidNote();
        var bytes = Encoding.UTF8.GetBytes(note);

        byte[] expectedStart =
        [
            .. "lfraudit.invalid/van-1\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"u8,
            (byte)'\n',                                 // the blank line
            0xE2, 0x80, 0x94, (byte)' ',                // em dash U+2014 in UTF-8, then a space
            .. "lfraudit.invalid/van-1 "u8,
        ];
        Assert.Equal(expectedStart, bytes[..expectedStart.Length]);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.NotEqual((byte)'\n', bytes[^2]);
        Assert.Equal(5, bytes.Count(b => b == '\n')); // three text lines, the blank one, one signature line

        // The rest of the line is base64 of the 4-byte big-endian key ID then a DER signature over the text.
        var payload = Convert.FromBase64String(Encoding.UTF8.GetString(bytes[expectedStart.Length..^1]));
        Assert.Equal(Checkpoint.KeyIdOf(_key), System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload));
        Assert.Equal(0x30, payload[4]); // an ASN.1 SEQUENCE, not a raw r‖s pair
        Assert.True(_key.VerifyData("lfraudit.invalid/van-1\n42\nAAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"u8.ToArray(),
            payload[4..], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    [Fact]
    public void The_key_id_is_the_first_four_bytes_of_the_sha256_of_the_public_key_big_endian()
    {
        var hash = SHA256.HashData(_key.ExportSubjectPublicKeyInfo());
        Assert.Equal((uint)(hash[0] << 24 | hash[1] << 16 | hash[2] << 8 | hash[3]), Checkpoint.KeyIdOf(_key));
    }

    [Fact]
    public void Signed_checkpoints_verify_and_read_back_whatever_their_size_and_root()
    {
        var size = Gen.OneOf(
            Gen.Elements(0L, 1L, 9L, 10L, long.MaxValue),
            Gen.Choose(0, 1_000_000).Select(i => (long)i),
            from hi in Gen.Choose(0, int.MaxValue) from lo in Gen.Choose(0, int.MaxValue) select (long)hi << 31 | (long)lo);
        var root = Gen.ListOf(Gen.Choose(0, 255).Select(b => (byte)b), MerkleTree.HashSize).Select(l => l.ToArray());
        var site = from first in Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789".ToCharArray())
                   from n in Gen.Choose(0, 39)
                   from rest in Gen.ListOf(Gen.Elements("abcdefghijklmnopqrstuvwxyz0123456789-".ToCharArray()), n)
                   select first + string.Concat(rest);
        var cases = from s in size from r in root from id in site select (Size: s, Root: r, Site: id);

        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var origin = Checkpoint.OriginFor(c.Site);
            var note = new Checkpoint(origin, c.Size, c.Root).Sign(_key, origin);

            Assert.True(Checkpoint.Verify(note, _key, origin, out var back, out var problem), problem);
            Assert.Equal((origin, c.Size), (back!.Origin, back.TreeSize));
            Assert.Equal(c.Root, back.RootHash);
            Assert.Equal($"{origin}\n{c.Size}\n{Convert.ToBase64String(c.Root)}\n", TextOf(note));
            Assert.Equal(back.Text, TextOf(note));

            var parsed = Checkpoint.TryParse(note, out problem);
            Assert.Equal((origin, c.Size), (parsed!.Origin, parsed.TreeSize));
            Assert.Equal(c.Root, parsed.RootHash);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(200));
    }

    [Fact]
    public void The_root_hash_line_is_the_merkle_root_and_matches_the_signed_tree_head()
    {
        var tree = new MerkleTree();
        for (int i = 0; i < 13; i++) tree.Append(Encoding.UTF8.GetBytes($"{{\"seq\":{i}}}"));
        var head = TreeHead.Sign(tree.Size, tree.Root(), new DateTimeOffset(2026, 12, 10, 10, 0, 0, TimeSpan.Zero), _key);
        Assert.True(head.VerifySignature(_key));

        var note = Checkpoint.For(Origin, head).Sign(_key, Origin);
        var lines = note.Split('\n');

        Assert.Equal("13", lines[1]);
        Assert.Equal(Convert.ToBase64String(tree.Root()), lines[2]);
        Assert.Equal(head.RootHash, Convert.ToHexStringLower(Convert.FromBase64String(lines[2])));
        Assert.True(Verifies(note, out var checkpoint, out _));
        Assert.Equal(head.TreeSize, checkpoint!.TreeSize);
        Assert.Equal(tree.Root(), checkpoint.RootHash);
    }

    // --- Which signatures count ---

    [Fact]
    public void A_note_signed_only_by_another_key_is_refused()
    {
        var note = new Checkpoint(Origin, 42, Root0To31).Sign(_otherKey, Origin);
        Assert.False(Verifies(note, out _, out var problem));
        Assert.Contains("no signature by the trusted key", problem);
    }

    [Fact]
    public void An_unknown_keys_signature_is_ignored_beside_a_valid_one_in_either_order()
    {
        var checkpoint = new Checkpoint(Origin, 42, Root0To31);
        var witnessLine = SignatureLinesOf(checkpoint.Sign(_otherKey, "witness.example/w1"));
        var ownLine = SignatureLinesOf(checkpoint.Sign(_key, Origin));

        Assert.True(Verifies(checkpoint.Text + "\n" + witnessLine + ownLine, out _, out _));
        Assert.True(Verifies(checkpoint.Text + "\n" + ownLine + witnessLine, out _, out _));
        // An unknown signature that would not even verify is still only ignored.
        var junk = Line("witness.example/w2", 7, [0x30, 0x00]);
        Assert.True(Verifies(checkpoint.Text + "\n" + junk + ownLine, out _, out _));
    }

    [Fact]
    public void The_right_name_with_a_wrong_key_id_is_ignored_and_alone_is_refused()
    {
        var text = new Checkpoint(Origin, 42, Root0To31).Text;
        var signature = _key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var wrongId = Line(Origin, Checkpoint.KeyIdOf(_key) ^ 1, signature);
        var right = Line(Origin, Checkpoint.KeyIdOf(_key), signature);

        Assert.False(Verifies(text + "\n" + wrongId, out _, out var problem));
        Assert.Contains("no signature by the trusted key", problem);
        Assert.True(Verifies(text + "\n" + wrongId + right, out _, out _));
        // Likewise the right ID under another name.
        Assert.False(Verifies(text + "\n" + Line("lfraudit.invalid/van-2", Checkpoint.KeyIdOf(_key), signature), out _, out _));
    }

    [Fact]
    public void A_failing_signature_by_the_trusted_key_refuses_the_note_even_beside_a_valid_one()
    {
        var checkpoint = new Checkpoint(Origin, 42, Root0To31);
        var ownLine = SignatureLinesOf(checkpoint.Sign(_key, Origin));
        var forged = SignatureLinesOf(new Checkpoint(Origin, 43, Root0To31).Sign(_key, Origin)); // right key, other text

        Assert.False(Verifies(checkpoint.Text + "\n" + ownLine + forged, out _, out var problem));
        Assert.Contains("does not verify", problem);
    }

    [Fact]
    public void As_many_signatures_as_the_limit_are_read_and_one_more_is_refused()
    {
        Assert.True(SignedNote.MaxSignatures >= 16);
        var checkpoint = new Checkpoint(Origin, 42, Root0To31);
        var ownLine = SignatureLinesOf(checkpoint.Sign(_key, Origin));
        string Others(int n) => string.Concat(Enumerable.Range(0, n).Select(i => Line($"witness.example/w{i}", (uint)i, [0x30, 0x01, 0x02])));

        Assert.True(Verifies(checkpoint.Text + "\n" + Others(SignedNote.MaxSignatures - 1) + ownLine, out _, out _));
        Assert.False(Verifies(checkpoint.Text + "\n" + Others(SignedNote.MaxSignatures) + ownLine, out _, out var problem));
        Assert.Contains("signature lines", problem);
    }

    [Theory]
    [InlineData("size")]
    [InlineData("root")]
    [InlineData("origin")]
    public void A_tampered_size_root_or_origin_fails(string part)
    {
        var note = ValidNote();
        var lines = note.Split('\n');
        switch (part)
        {
            case "size": lines[1] = "43"; break;
            case "root": lines[2] = Convert.ToBase64String([.. Root0To31.Select((b, i) => i == 31 ? (byte)(b ^ 1) : b)]); break;
            case "origin": lines[0] = "lfraudit.invalid/van-2"; break;
        }
        Assert.False(Verifies(string.Join('\n', lines), out _, out var problem));
        Assert.Contains("does not verify", problem);
    }

    // --- Malformed notes: a reason, never an exception ---

    private static readonly string[] Mutations =
    [
        "too many signature lines", "control character", "CRLF", "invalid base64", "short signature",
        "missing blank line", "empty origin", "unpaired surrogate", "size with leading zero", "size not decimal",
        "size too big", "root too short", "root not canonical", "extension line", "no trailing newline",
        "space in origin", "plus in origin", "no signature", "no em dash", "oversized", "garbage signature bytes",
    ];

    private static string Mutate(string note, string kind, int seed)
    {
        var lines = note.Split('\n'); // origin, size, root, "", signature, ""
        string Join() => string.Join('\n', lines);
        switch (kind)
        {
            case "too many signature lines":
                return note + string.Concat(Enumerable.Range(0, SignedNote.MaxSignatures + seed % 5)
                    .Select(i => Line($"w{i}.example", (uint)i, [1, 2, 3, 4, 5])));
            case "control character":
                {
                    var c = (char)(seed % 0x20 == '\n' ? 0 : seed % 0x20);
                    return note.Insert(seed % note.Length, c.ToString());
                }
            case "CRLF": return note.Replace("\n", "\r\n");
            case "invalid base64":
                {
                    var bad = new[] { "!", "_", " ", "-", "*", "==" }[seed % 6];
                    var sig = lines[4];
                    int at = sig.LastIndexOf(' ') + 1 + seed % 8;
                    lines[4] = sig.Remove(at, 1).Insert(at, bad);
                    return Join();
                }
            case "short signature":
                lines[4] = $"\u2014 {Origin} {Convert.ToBase64String(new byte[seed % 5])}";
                if (seed % 5 == 0) lines[4] = $"\u2014 {Origin} ";
                return Join();
            case "missing blank line": return note.Replace("\n\n", "\n");
            case "empty origin": lines[0] = ""; return Join();
            case "unpaired surrogate": return note.Insert(seed % note.Length, seed % 2 == 0 ? "\uD800" : "\uDC00");
            case "size with leading zero": lines[1] = "0" + lines[1]; return Join();
            case "size not decimal": lines[1] = new[] { "-42", "+42", " 42", "4 2", "4.2e1", "0x2a", "٤٢", "42 " }[seed % 8]; return Join();
            case "size too big": lines[1] = "9223372036854775808"; return Join();
            case "root too short": lines[2] = Convert.ToBase64String(new byte[31]); return Join();
            case "root not canonical": lines[2] = lines[2].Replace("Hh8=", "Hh9="); return Join(); // stray padding bits
            case "extension line": lines[2] += "\nextension"; return Join();
            case "no trailing newline": return note[..^1];
            case "space in origin": lines[0] = "lfraudit.invalid/van" + new[] { " ", "\u00A0", "\u2003", "\u3000" }[seed % 4] + "1"; return Join();
            case "plus in origin": lines[0] = "lfraudit.invalid/van+1"; return Join();
            case "no signature": return TextOf(note) + "\n";
            case "no em dash": lines[4] = "-" + lines[4][1..]; return Join();
            case "oversized": return note.Insert(0, new string('a', SignedNote.MaxNoteBytes));
            case "garbage signature bytes":
                {
                    // The trusted key's name and ID, so it must be checked, over bytes that are no DER signature.
                    var payload = Convert.FromBase64String(lines[4][(lines[4].LastIndexOf(' ') + 1)..]);
                    var garbage = new byte[1 + seed % 80];
                    new Random(seed).NextBytes(garbage);
                    lines[4] = Line(Origin, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(payload), garbage).TrimEnd('\n');
                    return Join();
                }
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    [Fact]
    public void Every_generated_mutation_of_a_valid_note_is_refused_with_a_reason_and_never_throws()
    {
        var note = ValidNote();
        Assert.True(Verifies(note, out _, out _));
        var cases = from kind in Gen.Elements(Mutations) from seed in Gen.Choose(0, 10_000) select (Kind: kind, Seed: seed);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var mutated = Mutate(note, c.Kind, c.Seed);
            Assert.NotEqual(note, mutated);
            Assert.False(Verifies(mutated, out _, out var problem), $"{c.Kind} was accepted");
            Assert.NotNull(problem);
            _ = Checkpoint.TryParse(mutated, out _); // must not throw either
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Theory]
    [InlineData("CRLF", "control character (U+000D)")]
    [InlineData("control character", "control character")]
    [InlineData("invalid base64", "not canonical base64")]
    [InlineData("short signature", "too short")]
    [InlineData("missing blank line", "no blank line")]
    [InlineData("empty origin", "origin (the first line) is empty")]
    [InlineData("too many signature lines", "signature lines")]
    [InlineData("unpaired surrogate", "not valid UTF-8")]
    [InlineData("extension line", "extension line")]
    [InlineData("size with leading zero", "tree size")]
    [InlineData("oversized", "longer than")]
    [InlineData("garbage signature bytes", "does not verify")]
    public void Each_kind_of_malformed_note_is_refused_with_a_reason_that_names_it(string kind, string reason)
    {
        var mutated = Mutate(ValidNote(), kind, seed: 3);
        Assert.False(Verifies(mutated, out _, out var problem));
        Assert.Contains(reason, problem);
        var parsed = Checkpoint.TryParse(mutated, out var parseProblem);
        if (reason == "does not verify") Assert.NotNull(parsed); // well formed, only its signature is bad
        else
        {
            Assert.Null(parsed);
            Assert.Equal(problem, parseProblem);
        }
    }

    [Fact]
    public void Arbitrary_text_is_refused_without_an_exception()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            Assert.False(Checkpoint.Verify(text ?? "", _key, Origin, out var checkpoint, out var problem));
            Assert.Null(checkpoint);
            Assert.NotNull(problem);
        }).QuickCheckThrowOnFailure();
    }

    // --- Keys, names, origins ---

    [Fact]
    public void A_verifier_key_reads_back_to_the_same_key_and_verifies_the_note()
    {
        var line = Checkpoint.VerifierKey(_key, Origin);
        Assert.Matches($"^{Regex(Origin)}\\+{Checkpoint.KeyIdOf(_key):x8}\\+Aj[A-Za-z0-9+/]+=*$", line);

        var key = SignedNoteVerifierKey.TryParse(line, out var problem);
        Assert.NotNull(key);
        Assert.Null(problem);
        Assert.Equal((Origin, Checkpoint.KeyIdOf(_key)), (key.Name, key.KeyId));
        Assert.Equal(_key.ExportSubjectPublicKeyInfo(), key.SubjectPublicKeyInfo);
        Assert.Equal(line, key.ToString());
        Assert.True(Checkpoint.Verify(ValidNote(), key, out _, out problem), problem);
    }

    private static string Regex(string s) => System.Text.RegularExpressions.Regex.Escape(s);

    [Fact]
    public void Malformed_verifier_keys_are_refused_with_a_reason()
    {
        var good = Checkpoint.VerifierKey(_key, Origin);
        var parts = good.Split('+', 3);
        var keyBytes = Convert.FromBase64String(parts[2]);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var p384Spki = p384.ExportSubjectPublicKeyInfo();
        string[] bad =
        [
            $"{parts[0]}+{parts[1]}",                                                          // two parts
            $"{parts[0]}+{(Checkpoint.KeyIdOf(_key) ^ 1):x8}+{parts[2]}",                      // ID does not match
            $"{parts[0]}+{parts[1][..7]}+{parts[2]}",                                          // 7 hex digits
            $"{parts[0]}+zzzzzzzz+{parts[2]}",                                                 // not hex
            $"{parts[0]}+{parts[1]}+{parts[2]}!",                                              // not base64
            $"{parts[0]}+{parts[1]}+{Convert.ToBase64String([0x01, .. keyBytes[1..]])}",        // type 0x01 (Ed25519)
            $"{parts[0]}+{parts[1]}+{Convert.ToBase64String([.. keyBytes, 0x00])}",             // trailing byte
            $"{parts[0]}+{SignedNoteVerifierKey.KeyIdOf(p384Spki):x8}+{Convert.ToBase64String([0x02, .. p384Spki])}", // P-384
            $"a b+{parts[1]}+{parts[2]}",                                                      // space in name
            $"+{parts[1]}+{parts[2]}",                                                         // empty name
            "",
        ];
        foreach (var line in bad)
        {
            Assert.Null(SignedNoteVerifierKey.TryParse(line, out var problem));
            Assert.False(string.IsNullOrWhiteSpace(problem), line);
        }
    }

    [Fact]
    public void A_sites_origin_is_under_lfraudit_invalid_and_a_bad_site_id_is_refused()
    {
        Assert.Equal("lfraudit.invalid/van-1", Checkpoint.OriginFor("van-1"));
        Assert.Equal("lfraudit.invalid/force-registry", Checkpoint.OriginFor(SiteId.Registry));
        foreach (var bad in new[] { "", " ", "van 1", "van+1", "Van-1", "van_1", "van.1", "-van", "vän", "van-1\n", new string('a', 41) })
            Assert.Throws<LfrInputException>(() => Checkpoint.OriginFor(bad));
    }

    [Fact]
    public void Signing_refuses_bad_key_names_and_keys_that_are_not_p256()
    {
        var checkpoint = new Checkpoint(Origin, 1, Root0To31);
        foreach (var name in new[] { "", "a b", "a+b", "a\tb", "a\u2028b", "a\nb", "\uD800" })
            Assert.Throws<ArgumentException>(() => checkpoint.Sign(_key, name));
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.Throws<ArgumentException>(() => checkpoint.Sign(p384, Origin));
        Assert.Throws<ArgumentException>(() => new Checkpoint("a+b", 1, Root0To31));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Checkpoint(Origin, -1, Root0To31));
        Assert.Throws<ArgumentException>(() => new Checkpoint(Origin, 1, new byte[31]));
    }

    // --- Interoperability ---

    // Published by Go users of the transparency-dev/formats note verifier (its note_verifier_test.go): the
    // public Sigstore Rekor key as a type-0x02 verifier key, and a Rekor checkpoint signed with it. Data, not
    // code: a note signed by Go's crypto/ecdsa that this code must accept, and a key ID it must agree with.
    private const string RekorKey = "rekor.sigstore.dev+c0d23d6a+AjBZMBMGByqGSM49AgEGCCqGSM49AwEHA0IABNhtmPtrWm3U1eQXBogSMdGvXwBcK5AW5i0hrZLOC96l+smGNM7nwZ4QvFK/4sueRoVj//QP22Ni4Qt9DPfkWLc=";
    private const string RekorNote = "Rekor\n798034\nf+7CoKgXKE/tNys9TTXcr/ad6U/K3xvznmzew9y6SP0=\n\n\u2014 rekor.sigstore.dev wNI9ajBEAiARInWIWyCdyG27CO6LPnPekyw20qO0YJfoaPaowGp/XgIgc+qEHS3+GKVClgqq20uDLet7MCoTURUCRdxwWBHHufk=\n";

    [Fact]
    public void A_checkpoint_signed_by_a_go_transparency_log_verifies_with_its_published_verifier_key()
    {
        var key = SignedNoteVerifierKey.TryParse(RekorKey, out var problem);
        Assert.True(key is not null, problem);
        Assert.Equal(0xc0d23d6au, key.KeyId);
        Assert.Equal(RekorKey, key.ToString());
        using (var publicKey = key.CreatePublicKey()) Assert.Equal(0xc0d23d6au, Checkpoint.KeyIdOf(publicKey));

        Assert.True(Checkpoint.Verify(RekorNote, key, out var checkpoint, out problem), problem);
        Assert.Equal(("Rekor", 798034L), (checkpoint!.Origin, checkpoint.TreeSize));
        Assert.False(Checkpoint.Verify(RekorNote.Replace("798034", "798035"), key, out _, out _));
    }

    [Fact]
    public void The_c2sp_example_checkpoint_parses_and_its_unknown_signature_is_ignored()
    {
        const string example = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n\u2014 example.com/behind-the-sofa Az3grlgtzPICa5OS8npVmf1Myq/5IZniMp+ZJurmRDeOoRDe4URYN7u5/Zhcyv2q1gGzGku9nTo+zyWE+xeMcTOAYQ8=\n";
        var parsed = Checkpoint.TryParse(example, out var problem);
        Assert.True(parsed is not null, problem);
        Assert.Equal(("example.com/behind-the-sofa", 20852163L), (parsed.Origin, parsed.TreeSize));
        Assert.False(Checkpoint.Verify(example, _key, "example.com/behind-the-sofa", out _, out problem));
        Assert.Contains("no signature by the trusted key", problem);
    }

    [Fact]
    public void Openssl_verifies_the_signature_and_key_id_of_a_note_this_code_signs()
    {
        using var dir = new TempFolder();
        var note = ValidNote(1234);
        var text = TextOf(note);
        var line = SignatureLinesOf(note).TrimEnd('\n');
        var payload = Convert.FromBase64String(line[(line.LastIndexOf(' ') + 1)..]);
        File.WriteAllBytes(dir.Path("text.txt"), Encoding.UTF8.GetBytes(text));
        File.WriteAllBytes(dir.Path("sig.der"), payload[4..]);
        File.WriteAllText(dir.Path("pub.pem"), _key.ExportSubjectPublicKeyInfoPem());
        File.WriteAllBytes(dir.Path("tampered.txt"), Encoding.UTF8.GetBytes(text.Replace("1234", "1235")));

        var ok = Run("openssl", dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "text.txt");
        Assert.True(ok.Exit == 0 && ok.Out.Contains("Verified OK"), $"openssl refused the signature: {ok.Out} {ok.Err}");
        var tampered = Run("openssl", dir, "dgst", "-sha256", "-verify", "pub.pem", "-signature", "sig.der", "tampered.txt");
        Assert.NotEqual(0, tampered.Exit); // the check above is a real one

        // The key ID in the signature line and in the verifier key: SHA-256 of openssl's own DER export.
        Assert.Equal(0, Run("openssl", dir, "pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der").Exit);
        var sum = Run("sha256sum", dir, "pub.der");
        Assert.Equal(0, sum.Exit);
        var idHex = sum.Out[..8];
        Assert.Equal(idHex, Convert.ToHexStringLower(payload[..4]));
        Assert.Equal(idHex, Checkpoint.VerifierKey(_key, Origin).Split('+')[1]);
    }

    [Fact]
    public void A_note_signed_by_openssl_verifies_here()
    {
        using var dir = new TempFolder();
        var checkpoint = new Checkpoint(Origin, 77, Root0To31);
        File.WriteAllBytes(dir.Path("text.txt"), Encoding.UTF8.GetBytes(checkpoint.Text));
        Assert.Equal(0, Run("openssl", dir, "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", "key.pem").Exit);
        Assert.Equal(0, Run("openssl", dir, "pkey", "-in", "key.pem", "-pubout", "-out", "pub.pem").Exit);
        Assert.Equal(0, Run("openssl", dir, "pkey", "-in", "key.pem", "-pubout", "-outform", "DER", "-out", "pub.der").Exit);
        Assert.Equal(0, Run("openssl", dir, "dgst", "-sha256", "-sign", "key.pem", "-out", "sig.der", "text.txt").Exit);

        uint keyId = Convert.ToUInt32(Run("sha256sum", dir, "pub.der").Out[..8], 16);
        var note = SignedNote.Compose(checkpoint.Text, [Line(Origin, keyId, File.ReadAllBytes(dir.Path("sig.der")))]);
        using var publicKey = ECDsa.Create();
        publicKey.ImportFromPem(File.ReadAllText(dir.Path("pub.pem")));

        Assert.Equal(keyId, Checkpoint.KeyIdOf(publicKey));
        Assert.True(Checkpoint.Verify(note, publicKey, Origin, out var back, out var problem), problem);
        Assert.Equal(77, back!.TreeSize);
    }

    private sealed record Output(int Exit, string Out, string Err);

    /// <summary>Runs a tool in the folder; a missing tool fails the test saying so, never skips it.</summary>
    private static Output Run(string tool, TempFolder dir, params string[] args)
    {
        var start = new ProcessStartInfo(tool) { WorkingDirectory = dir.Root, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try { process = Process.Start(start)!; }
        catch (Win32Exception ex)
        {
            Assert.Fail($"'{tool}' is not installed (or not on PATH): this interoperability test needs it ({ex.Message})");
            throw;
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return new Output(process.ExitCode, stdout.Result, stderr);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        public string Root { get; } = Directory.CreateTempSubdirectory("lfraudit-checkpoint-").FullName;
        public string Path(string name) => System.IO.Path.Combine(Root, name);
        public void Dispose() => Directory.Delete(Root, recursive: true);
    }
}
