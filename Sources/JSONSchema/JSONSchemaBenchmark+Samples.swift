extension JSONSchemaBenchmark {
    /// A `procurement.tender.published` event of about 1 KB (synthetic data; the SIREN/SIRET pass Luhn).
    public static let sampleEvent = #"""
        {
          "id": "7f1d3a2e-4b5c-4d6e-8f90-a1b2c3d4e5f6",
          "type": "procurement.tender.published",
          "source": "urn:passerelle:procurement",
          "time": "2025-03-14T09:26:53.589+01:00",
          "specversion": "1.0",
          "tenderId": "T-2025-000123",
          "title": "Réfection de la toiture du gymnase municipal",
          "procedure": "open",
          "estimatedAmount": 148500.5,
          "currency": "EUR",
          "deadline": "2025-04-30",
          "published": true,
          "buyer": {
            "name": "Commune d'Exemple",
            "siren": "212102313",
            "siret": "21210231300013",
            "commune": "21231",
            "email": "marches@exemple-commune.fr",
            "website": "https://www.exemple-commune.fr/marches-publics"
          },
          "cpvCodes": ["45261000-4", "45262000-1", "45321000-3"],
          "lots": [
            {"number": 1, "title": "Couverture et zinguerie", "amount": 98000.0, "cpv": "45261000-4"},
            {"number": 2, "title": "Isolation thermique", "amount": 35500.5, "cpv": "45321000-3"},
            {"number": 3, "title": "Charpente", "amount": 15000, "cpv": "45262000-1"}
          ],
          "tags": ["toiture", "gymnase", "travaux"]
        }
        """#

    /// The schema of ``sampleEvent``: patterns, formats, an enum, bounded numbers, a nested object
    /// and an array of objects, with `additionalProperties: false`.
    public static let sampleSchema = #"""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "$id": "https://passerelle.example/contracts/procurement/tender-published.json",
          "type": "object",
          "required": ["id", "type", "source", "time", "specversion", "tenderId", "title", "procedure",
                       "estimatedAmount", "currency", "deadline", "buyer", "lots"],
          "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "format": "uuid"},
            "type": {"const": "procurement.tender.published"},
            "source": {"type": "string", "minLength": 1},
            "time": {"type": "string", "format": "date-time"},
            "specversion": {"enum": ["1.0"]},
            "tenderId": {"type": "string", "pattern": "^T-[0-9]{4}-[0-9]{6}$"},
            "title": {"type": "string", "minLength": 3, "maxLength": 200},
            "procedure": {"enum": ["open", "restricted", "negotiated", "competitive-dialogue", "adapted"]},
            "estimatedAmount": {"type": "number", "minimum": 0, "maximum": 1000000000, "multipleOf": 0.01},
            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
            "deadline": {"type": "string", "format": "date"},
            "published": {"type": "boolean"},
            "buyer": {"$ref": "#/$defs/organisation"},
            "cpvCodes": {
              "type": "array", "minItems": 1, "maxItems": 20, "uniqueItems": true,
              "items": {"$ref": "#/$defs/cpv"}
            },
            "lots": {
              "type": "array", "minItems": 1, "maxItems": 50,
              "items": {
                "type": "object",
                "required": ["number", "title", "amount"],
                "additionalProperties": false,
                "properties": {
                  "number": {"type": "integer", "minimum": 1},
                  "title": {"type": "string", "minLength": 1, "maxLength": 200},
                  "amount": {"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.01},
                  "cpv": {"$ref": "#/$defs/cpv"}
                }
              }
            },
            "tags": {"type": "array", "items": {"type": "string", "maxLength": 40}}
          },
          "$defs": {
            "cpv": {"type": "string", "pattern": "^[0-9]{8}-[0-9]$"},
            "organisation": {
              "type": "object",
              "required": ["name", "siret"],
              "properties": {
                "name": {"type": "string", "minLength": 1},
                "siren": {"type": "string", "format": "siren"},
                "siret": {"type": "string", "format": "siret"},
                "commune": {"type": "string", "format": "insee-commune"},
                "email": {"type": "string", "format": "email"},
                "website": {"type": "string", "format": "uri"}
              }
            }
          }
        }
        """#
}
