import { json } from "@/lib/api/route";

// Any other /api/v1 path - a JSON 404 in the API's error shape, not the HTML page
const notFound = async () => json({ message: "No such API route." }, 404);

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
