package uk.transferofcare.api.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.StrictErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.IValidationContext;
import ca.uhn.fhir.validation.IValidatorModule;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;
import org.hl7.fhir.r4.fhirpath.FHIRPathEngine;
import org.hl7.fhir.r4.hapi.ctx.HapiWorkerContext;
import org.hl7.fhir.r4.model.Base;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.CanonicalType;
import org.hl7.fhir.r4.model.ElementDefinition;
import org.hl7.fhir.r4.model.Property;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StructureDefinition;

/**
 * HAPI's {@link FhirValidator} set up to check a resource against the base R4 specification, built once per JVM (it
 * loads the whole R4 schema and the base StructureDefinitions: seconds).
 *
 * <p>HAPI's profile validator ({@code hapi-fhir-validation}'s {@code FhirInstanceValidator}) is not served by the
 * package registry this project builds from, so the validator gets two modules that only use what is served
 * ({@code hapi-fhir-base}, {@code hapi-fhir-structures-r4} and {@code hapi-fhir-validation-resources-r4}):
 *
 * <ul>
 *   <li>HAPI's own schema module: the resource against the official R4 XML schema {@code fhir-single.xsd} (every
 *       element known, in order, at most as often as allowed; primitive formats; the codes of every required binding
 *       to a {@code code}, such as Task.status and Bundle.type); the JSON is first parsed with HAPI's strict error
 *       handler, so an unknown member or an unknown code fails too;
 *   <li>{@link BaseProfiles}: every element against the base StructureDefinitions' snapshots: minimum cardinality,
 *       every invariant of severity error (ele-1, dom-2..5, per-1, ref-1, bdl-*, tsk-* ...) evaluated with HAPI's
 *       FHIRPath engine, and the target types of references.
 * </ul>
 */
final class R4Validation {

    private static R4Validation shared;

    private final FhirContext context;
    private final FhirValidator validator;

    private R4Validation() {
        context = FhirContext.forR4();
        validator = context.newValidator();
        validator.setValidateAgainstStandardSchema(true);
        validator.setValidateAgainstStandardSchematron(false);
        validator.registerValidatorModule(new BaseProfiles(context));
    }

    static synchronized R4Validation shared() {
        if (shared == null) {
            shared = new R4Validation();
        }
        return shared;
    }

    FhirContext context() {
        return context;
    }

    /** Every message of severity error or fatal, as "location: message" (empty when valid). */
    List<String> errors(String json) {
        try {
            context.newJsonParser()
                    .setParserErrorHandler(new StrictErrorHandler())
                    .parseResource(json);
        } catch (DataFormatException e) {
            return List.of("not R4 JSON: " + e.getMessage());
        }
        ValidationResult result = validator.validateWithResult(json);
        return result.getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .map(m -> m.getLocationString() + ": " + m.getMessage())
                .toList();
    }

    /** The base R4 StructureDefinitions' rules, element by element (see the class comment). */
    static final class BaseProfiles implements IValidatorModule {

        private static final String CORE = "http://hl7.org/fhir/StructureDefinition/";

        private final IValidationSupport support;
        private final FHIRPathEngine fhirPath;
        private final Map<String, Map<String, ElementDefinition>> definitions = new ConcurrentHashMap<>();
        private final Map<String, ExpressionNode> expressions = new ConcurrentHashMap<>();

        BaseProfiles(FhirContext context) {
            support = new DefaultProfileValidationSupport(context);
            fhirPath = new FHIRPathEngine(new HapiWorkerContext(context, support));
        }

        @Override
        public void validateResource(IValidationContext<IBaseResource> context) {
            List<String[]> problems = new ArrayList<>();
            Resource resource = (Resource) context.getResource();
            visitResource(resource, resource, resource.fhirType(), problems);
            for (String[] problem : problems) {
                SingleValidationMessage message = new SingleValidationMessage();
                message.setSeverity(ResultSeverityEnum.ERROR);
                message.setLocationString(problem[0]);
                message.setMessage(problem[1]);
                context.addValidationMessage(message);
            }
        }

        private void visitResource(Resource root, Resource resource, String location, List<String[]> problems) {
            String type = resource.fhirType();
            if (elements(type).isEmpty()) {
                problems.add(new String[] {location, "no base StructureDefinition for " + type});
                return;
            }
            visit(root, resource, resource, type, type, null, location, problems);
        }

        /**
         * Checks one element: the invariants of the definition that describes it in its parent ({@code describedBy})
         * and of its own definition ({@code path} in {@code structure}), then its children.
         */
        private void visit(
                Resource root,
                Resource resource,
                Base node,
                String structure,
                String path,
                ElementDefinition describedBy,
                String location,
                List<String[]> problems) {
            Map<String, ElementDefinition> elements = elements(structure);
            ElementDefinition own = elements.get(path);
            Map<String, ElementDefinition.ElementDefinitionConstraintComponent> constraints = new LinkedHashMap<>();
            for (ElementDefinition definition : new ElementDefinition[] {describedBy, own}) {
                if (definition != null) {
                    definition.getConstraint().stream()
                            .filter(c -> c.getSeverity() == ElementDefinition.ConstraintSeverity.ERROR)
                            .forEach(c -> constraints.putIfAbsent(c.getKey(), c));
                }
            }
            for (var constraint : constraints.values()) {
                check(root, resource, node, constraint, location, problems);
            }
            if (node.isPrimitive()) {
                return; // its value's format is the schema's to check
            }
            String prefix = path + ".";
            for (ElementDefinition child : elements.values()) {
                String childPath = child.getPath();
                if (!childPath.startsWith(prefix) || childPath.indexOf('.', prefix.length()) >= 0) {
                    continue;
                }
                String name = childPath.substring(prefix.length());
                Property property = node.getChildByName(name);
                List<Base> values = property == null
                        ? List.of()
                        : property.getValues().stream()
                                .filter(v -> v != null && !v.isEmpty())
                                .toList();
                String childLocation = location + "." + name.replace("[x]", "");
                if (values.size() < child.getMin()) {
                    problems.add(new String[] {
                        childLocation,
                        "minimum cardinality " + child.getMin() + " of " + childPath + ", found " + values.size()
                    });
                }
                if (!"*".equals(child.getMax()) && values.size() > Integer.parseInt(child.getMax())) {
                    problems.add(new String[] {
                        childLocation,
                        "maximum cardinality " + child.getMax() + " of " + childPath + ", found " + values.size()
                    });
                }
                for (int i = 0; i < values.size(); i++) {
                    Base value = values.get(i);
                    String at = childLocation + (values.size() > 1 || "*".equals(child.getMax()) ? "[" + i + "]" : "");
                    if (value instanceof Resource inner) {
                        visitResource(root, inner, at, problems);
                    } else if (child.hasContentReference()) {
                        String target = child.getContentReference().substring(1);
                        visit(root, resource, value, structure, target, child, at, problems);
                    } else if (isInline(child)) {
                        visit(root, resource, value, structure, childPath, child, at, problems);
                    } else {
                        targetTypes(child, value, at, problems);
                        visit(root, resource, value, value.fhirType(), value.fhirType(), child, at, problems);
                    }
                }
            }
        }

        private static boolean isInline(ElementDefinition definition) {
            return definition.getType().size() == 1
                    && Set.of("BackboneElement", "Element")
                            .contains(definition.getType().get(0).getCode());
        }

        /** A Reference that names its type must name one that the element allows. */
        private static void targetTypes(ElementDefinition definition, Base value, String at, List<String[]> problems) {
            if (!(value instanceof Reference reference) || !reference.hasType()) {
                return;
            }
            Set<String> allowed = definition.getType().stream()
                    .filter(t -> t.getCode().equals("Reference"))
                    .flatMap(t -> t.getTargetProfile().stream())
                    .map(CanonicalType::getValue)
                    .map(url -> url.substring(url.lastIndexOf('/') + 1))
                    .collect(Collectors.toSet());
            if (!allowed.isEmpty() && !allowed.contains("Resource") && !allowed.contains(reference.getType())) {
                problems.add(new String[] {at, "a reference to " + reference.getType() + " where only " + allowed});
            }
        }

        private void check(
                Resource root,
                Resource resource,
                Base node,
                ElementDefinition.ElementDefinitionConstraintComponent constraint,
                String location,
                List<String[]> problems) {
            try {
                ExpressionNode expression = expressions.computeIfAbsent(constraint.getExpression(), fhirPath::parse);
                List<Base> result = fhirPath.evaluate(null, resource, root, node, expression);
                boolean holds = result.isEmpty()
                        || (result.size() == 1
                                && result.get(0) instanceof BooleanType b
                                && Boolean.TRUE.equals(b.getValue()));
                if (!holds) {
                    problems.add(new String[] {
                        location,
                        constraint.getKey() + " failed: " + constraint.getHuman() + " (" + constraint.getExpression()
                                + ")"
                    });
                }
            } catch (RuntimeException e) {
                problems.add(
                        new String[] {location, constraint.getKey() + " could not be evaluated: " + e.getMessage()});
            }
        }

        /** The snapshot of a base type's StructureDefinition by path (empty when there is none). */
        private Map<String, ElementDefinition> elements(String type) {
            return definitions.computeIfAbsent(type, t -> {
                StructureDefinition definition = (StructureDefinition) support.fetchStructureDefinition(CORE + t);
                Map<String, ElementDefinition> byPath = new LinkedHashMap<>();
                if (definition != null) {
                    definition.getSnapshot().getElement().forEach(e -> byPath.putIfAbsent(e.getPath(), e));
                }
                return byPath;
            });
        }
    }
}
