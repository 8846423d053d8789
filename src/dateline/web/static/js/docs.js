// Browsable API documentation: Swagger UI (served from this server) over /openapi.json.
/* global SwaggerUIBundle */
SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
