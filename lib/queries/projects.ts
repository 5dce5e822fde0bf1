import type { TProject } from "@/lib/projects/schemas";
import { api } from "./api";

export type { TProject };
export const projectKeys = {
  all: ["projects"] as const,
};

export const fetchProjects = () => api<TProject[]>("/projects");
export const createProject = (body: { name: string; slug?: string; description?: string }) => api<TProject>("/projects", { method: "POST", body });
