"""Feed files the tests read: the same two jobs in each format."""

XML = b"""<?xml version="1.0" encoding="utf-8"?>
<source>
  <publisher>Acme</publisher>
  <publisherurl>https://careers.acme.test/</publisherurl>
  <job>
    <title><![CDATA[Baker]]></title>
    <date><![CDATA[Fri, 04 Dec 2026 10:00:00 GMT]]></date>
    <referencenumber><![CDATA[B-12]]></referencenumber>
    <url><![CDATA[https://careers.acme.test/jobs/b-12]]></url>
    <company><![CDATA[Acme]]></company>
    <city><![CDATA[Lyon]]></city>
    <country><![CDATA[FR]]></country>
    <description><![CDATA[<p>Early <strong>mornings</strong>.</p><script>x()</script>]]>
    </description>
    <salary><![CDATA[30000-36000 EUR]]></salary>
    <jobtype><![CDATA[fulltime]]></jobtype>
    <category><![CDATA[Production]]></category>
    <expirationdate>2030-06-30</expirationdate>
  </job>
  <job>
    <title>Store manager</title>
    <referencenumber>S-7</referencenumber>
    <city>Paris</city>
    <description>Runs the shop.</description>
    <jobtype>temporary</jobtype>
  </job>
</source>
"""

JSON = b"""{"jobs": [
  {"id": "B-12", "title": "Baker", "description": "<p>Early mornings.</p>",
   "locations": ["Lyon"], "job_family": "Production", "contract_type": "permanent",
   "salary_min": 30000, "salary_max": "36 000", "salary_currency": "EUR",
   "closes_on": "2030-06-30", "url": "https://careers.acme.test/jobs/b-12"},
  {"reference": "S-7", "title": "Store manager", "city": "Paris", "jobtype": "CDD"}
]}"""

CSV = (
    b"Reference;Title;Description;Location;Category;Contract type;Salary min;Salary max;"
    b"Currency;Closes on\n"
    b"B-12;Baker;<p>Early mornings.</p>;Lyon;Production;permanent;30000;36000;EUR;2030-06-30\n"
    b"S-7;Store manager;Runs the shop.;Paris | Lyon;;fixed_term;;;;\n"
)


def xml_job(reference: str, title: str, city: str = "", category: str = "") -> str:
    return (
        f"<job><referencenumber>{reference}</referencenumber><title>{title}</title>"
        f"<city>{city}</city><category>{category}</category></job>"
    )


def xml_feed(*jobs: str) -> bytes:
    return ("<source>" + "".join(jobs) + "</source>").encode()
