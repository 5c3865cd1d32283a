package dev.readygate.testing;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Checks a JUnit XML report against src/test/resources/junit/junit.xsd (the Ant format that Jenkins,
 * GitLab and dorny/test-reporter read) with javax.xml.validation, and that its counts agree with
 * its test cases; returns the parsed document.
 */
public final class JunitSchema {
    private static final Schema SCHEMA;

    static {
        try {
            SchemaFactory f = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            SCHEMA = f.newSchema(new StreamSource(Objects.requireNonNull(JunitSchema.class.getResource("/junit/junit.xsd")).toString()));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private JunitSchema() {
    }

    public static Document validate(String xml) throws Exception {
        SCHEMA.newValidator().validate(new StreamSource(new StringReader(xml)));
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        NodeList suites = doc.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
            Element s = (Element) suites.item(i);
            assertEquals(s.getElementsByTagName("testcase").getLength(), Integer.parseInt(s.getAttribute("tests")), "tests=");
            assertEquals(s.getElementsByTagName("failure").getLength(), Integer.parseInt(s.getAttribute("failures")), "failures=");
            assertEquals(s.getElementsByTagName("error").getLength(), Integer.parseInt(s.getAttribute("errors")), "errors=");
            assertEquals(s.getElementsByTagName("skipped").getLength(), Integer.parseInt(s.getAttribute("skipped")), "skipped=");
        }
        return doc;
    }
}
