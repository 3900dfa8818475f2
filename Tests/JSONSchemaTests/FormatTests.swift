import JSONSchema
import Testing

@Suite struct FormatTests {
    @Test(arguments: [
        "1963-06-19T08:30:06.283185Z", "1963-06-19T08:30:06Z", "1937-01-01T12:00:27.87+00:20",
        "1990-12-31T15:59:50.123-08:00", "1998-12-31T23:59:60Z", "1998-12-31T15:59:60.123-08:00",
        "1963-06-19t08:30:06.283185z", "2024-02-29T00:00:00+01:00",
    ])
    func validDateTimes(_ text: String) {
        #expect(FormatCheckers.isDateTime(text))
    }

    @Test(arguments: [
        "1990-02-31T15:59:59.123-08:00", "1990-12-31T15:59:59-24:00", "1998-12-31T22:59:60Z",
        "1998-12-31T23:58:60Z", "06/19/1963 08:30:06 PST", "2013-350T01:01:01", "1963-06-19T08:30:06",
        "1963-06-19 08:30:06Z", "1963-06-1\u{09EA}T00:00:00Z", "2023-02-29T00:00:00Z", "1963-06-19T08:30:06.Z",
        "1963-06-19T24:00:00Z",
    ])
    func invalidDateTimes(_ text: String) {
        #expect(!FormatCheckers.isDateTime(text))
    }

    @Test func dates() {
        for valid in ["1963-06-19", "2020-01-31", "2020-02-29", "2000-02-29", "2021-04-30", "2021-12-31"] {
            #expect(FormatCheckers.isDate(valid), "\(valid)")
        }
        for invalid in [
            "2020-01-32", "2021-02-29", "1900-02-29", "2021-04-31", "2020-13-01", "2020-00-10", "06/19/1963",
            "2013-350", "1998-1-20", "1998-01-1", "1998-13-01", "2020-11-31", "2020-01-01T00:00:00Z", "",
        ] {
            #expect(!FormatCheckers.isDate(invalid), "\(invalid)")
        }
    }

    @Test func times() {
        for valid in [
            "08:30:06Z", "08:30:06.283185Z", "23:59:60Z", "01:29:60+01:30", "23:29:60+23:30", "15:59:60-08:00",
            "08:30:06+00:20", "08:30:06-08:00", "08:30:06z",
        ] {
            #expect(FormatCheckers.isTime(valid), "\(valid)")
        }
        for invalid in [
            "08:30:06", "22:59:60Z", "23:59:60+01:00", "12:00:00+24:00", "24:00:00Z", "08:60:00Z", "08:30:61Z",
            "8:30:06Z", "08:30:06 Z", "08:30:06+0800", "01:02:03,12Z", "",
        ] {
            #expect(!FormatCheckers.isTime(invalid), "\(invalid)")
        }
    }

    @Test func emails() {
        for valid in [
            "joe.bloggs@example.com", "te~st@example.com", "~test@example.com", "test~@example.com",
            "\"joe bloggs\"@example.com", "\"joe..bloggs\"@example.com", "joe.bloggs@[127.0.0.1]",
            "joe.bloggs@[IPv6:::1]", "te.s.t@example.com", "marches@exemple-commune.fr", "a+b@localhost",
        ] {
            #expect(FormatCheckers.isEmail(valid), "\(valid)")
        }
        for invalid in [
            "2962", ".test@example.com", "test.@example.com", "te..st@example.com", "joe.bloggs@[127.0.0.300]",
            "joe.bloggs@invalid=domain.com", "joe.bloggs@-example.com", "@example.com", "joe@", "jo e@example.com",
            "joe@example..com", "\"unterminated@example.com", "joé@example.com",
        ] {
            #expect(!FormatCheckers.isEmail(invalid), "\(invalid)")
        }
    }

    @Test func uuids() {
        for valid in [
            "2EB8AA08-AA98-11EA-B4AA-73B441D16380", "2eb8aa08-aa98-11ea-b4aa-73b441d16380",
            "00000000-0000-0000-0000-000000000000", "98d80576-482e-427f-8434-7f86890ab222",
            "99c17cbb-656f-564a-940f-1a4568f03487", "99c17cbb-656f-f64a-940f-1a4568f03487",
        ] {
            #expect(FormatCheckers.isUUID(valid), "\(valid)")
        }
        for invalid in [
            "2eb8aa08-aa98-11ea-b4aa-73b441d1638", "2eb8aa08-aa98-11ea-73b441d16380",
            "2eb8aa08-aa98-11ea-b4ga-73b441d16380",
            "2eb8aa08aa9811eab4aa73b441d16380", "2eb8aa08aa98-11ea-b4aa73b441d16380",
            "2eb8-aa08-aa98-11ea-b4aa73b44-1d16380",
            "2eb8aa08aa9811eab4aa73b441d16380----", "",
        ] {
            #expect(!FormatCheckers.isUUID(invalid), "\(invalid)")
        }
    }

    @Test func uris() {
        for valid in [
            "http://foo.bar/?baz=qux#quux", "http://foo.com/blah_(wiki)#cite-1",
            "http://foo.bar/?q=Test%20URL-encoded%20stuff",
            "http://xn--nw2a.xn--j6w193g/", "http://-.~_!$&'()*+,;=:%40:80%2f::::::@example.com",
            "http://223.255.255.254",
            "ftp://ftp.is.co.za/rfc/rfc1808.txt", "ldap://[2001:db8::7]/c=GB?objectClass?one",
            "mailto:John.Doe@example.com",
            "news:comp.infosystems.www.servers.unix", "tel:+1-816-555-1212",
            "urn:oasis:names:specification:docbook:dtd:xml:4.1.2",
            "https://www.exemple-commune.fr/marches-publics", "http://localhost:8080/a/b?c#d", "file:///tmp/x.json",
        ] {
            #expect(FormatCheckers.isURI(valid), "\(valid)")
        }
        for invalid in [
            "//foo.bar/?baz=qux#quux", "/abc", "\\\\WINDOWS\\fileshare", "abc", "http:// shouldfail.com",
            ":// should fail",
            "bar,baz:foo", "https://[@example.org/test.txt", "https://example.org/foobar\\.txt",
            "https://example.org/foobar<>.txt",
            "https://example.org/foobar{}.txt", "https://example.org/foo bar.txt", "http://example.com/%zz",
            "http://host:8a/",
            "1http://example.com", "http://exämple.com/",
        ] {
            #expect(!FormatCheckers.isURI(invalid), "\(invalid)")
        }
    }

    @Test func formatsAssertOnlyOnStrings() throws {
        #expect(try !accepts(#"{"format": "date"}"#, #""2021-02-29""#))
        #expect(try accepts(#"{"format": "date"}"#, "20210229"))
        #expect(try accepts(#"{"format": "date"}"#, "null"))
    }

    @Test func unknownFormatsAreAnnotations() throws {
        #expect(try accepts(#"{"format": "made-up"}"#, #""anything""#))
    }

    @Test func formatsCanBeAnnotationsOnly() throws {
        #expect(try accepts(#"{"format": "email"}"#, #""not an email""#, options: .formatsAsAnnotations))
        #expect(try !accepts(#"{"format": "email"}"#, #""not an email""#))
    }

    @Test func customFormatsCanBeAdded() throws {
        var options = SchemaOptions()
        options.formats["cpv"] = { text in text.utf8.count == 10 && text.utf8.dropFirst(8).first == UInt8(ascii: "-") }
        #expect(try accepts(#"{"format": "cpv"}"#, #""45261000-4""#, options: options))
        #expect(try !accepts(#"{"format": "cpv"}"#, #""45261000""#, options: options))
        #expect(try accepts(#"{"format": "date"}"#, #""2021-02-28""#, options: options))
    }
}
